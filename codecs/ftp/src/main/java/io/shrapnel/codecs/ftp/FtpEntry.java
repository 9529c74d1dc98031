package io.shrapnel.codecs.ftp;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a directory listing (LIST or MLSD).
 *
 * @param name the file name, without a directory
 * @param type what it is
 * @param size its size in bytes, or -1 if the listing did not say
 * @param modified when it was last modified (UTC), or null if the listing did not say; LIST gives
 *        minutes at best, read in UTC, and guesses the year of recent files
 * @param linkTarget where a symbolic link points (LIST's {@code "name -> target"}), else null
 * @param facts MLSD's facts with lower-case names ({@code "type"}, {@code "size"}, {@code "unix.mode"}, ...);
 *        empty for LIST
 */
public record FtpEntry(String name, Type type, long size, Instant modified, String linkTarget, Map<String, String> facts) {
    /** The kinds of entries. */
    public enum Type { FILE, DIRECTORY, LINK, OTHER }

    public FtpEntry {
        facts = Map.copyOf(facts);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }
}
