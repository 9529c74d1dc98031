package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpEntry;
import io.shrapnel.codecs.ftp.FtpProtocolException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses MLSD/MLST lines (RFC 3659 section 7): {@code fact=value;fact=value; name}. Fact names are
 * case-insensitive (kept lower-case); the name is everything after the first space and may hold
 * spaces and semicolons.
 *
 * <p>Threading: stateless.
 */
public final class MlsdParser {
    private MlsdParser() {}

    /** The entry of one line; throws on a line without the space before the name or a fact without '='. */
    public static FtpEntry parse(String line) throws FtpProtocolException {
        int space = line.indexOf(' ');
        if (space < 0 || space == line.length() - 1) {
            throw new FtpProtocolException("an MLSD line without a name: " + ReplyAssembler.shorten(line));
        }
        Map<String, String> facts = new HashMap<>();
        for (String fact : line.substring(0, space).split(";")) {
            if (fact.isEmpty()) {
                continue;
            }
            int eq = fact.indexOf('=');
            if (eq <= 0) {
                throw new FtpProtocolException("an MLSD fact without a name and '=': " + ReplyAssembler.shorten(line));
            }
            facts.put(fact.substring(0, eq).toLowerCase(Locale.ROOT), fact.substring(eq + 1));
        }
        String name = line.substring(space + 1);
        return new FtpEntry(name, typeOf(facts.get("type")), sizeOf(facts.get("size"), line),
                timeOf(facts.get("modify")), null, facts);
    }

    private static FtpEntry.Type typeOf(String type) {
        if (type == null) {
            return FtpEntry.Type.OTHER;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (t.equals("file")) {
            return FtpEntry.Type.FILE;
        }
        if (t.equals("dir") || t.equals("cdir") || t.equals("pdir")) {
            return FtpEntry.Type.DIRECTORY;
        }
        return t.endsWith("symlink") || t.endsWith("slink") ? FtpEntry.Type.LINK : FtpEntry.Type.OTHER;
    }

    private static long sizeOf(String size, String line) throws FtpProtocolException {
        if (size == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(size);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FtpProtocolException("an MLSD size that is not a count: " + ReplyAssembler.shorten(line));
        }
    }

    /** An RFC 3659 time-val, {@code YYYYMMDDHHMMSS[.sss]} in UTC, or null when absent or malformed. */
    public static Instant timeOf(String t) {
        if (t == null || t.length() < 14) {
            return null;
        }
        for (int i = 0; i < 14; i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        try {
            String iso = t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8) + "T"
                    + t.substring(8, 10) + ":" + t.substring(10, 12) + ":" + t.substring(12, 14) + "Z";
            Instant base = Instant.parse(iso);
            if (t.length() > 15 && t.charAt(14) == '.') {
                String frac = (t.substring(15) + "000").substring(0, 3);
                return base.plusMillis(Integer.parseInt(frac));
            }
            return base;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
