package io.shrapnel.codecs.ftp;

import java.util.List;

/**
 * One reply of an FTP server: its three-digit code and its lines of text (one, or several for a
 * multi-line reply such as FEAT's), without the code prefixes and line ends.
 *
 * @param code the reply code, 100 to 599
 * @param lines the text of each line: the first and last without their {@code "ddd-"}/{@code "ddd "}
 *        prefix, inner lines as sent
 */
public record FtpReply(int code, List<String> lines) {
    public FtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("an FTP reply code is 100..599, not " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an FTP reply has at least one line");
        }
    }

    /** A one-line reply. */
    public static FtpReply of(int code, String text) {
        return new FtpReply(code, List.of(text));
    }

    /** The text of the first line (for one-line replies, all of it). */
    public String text() {
        return lines.getFirst();
    }

    /** 1xx: the command started; another reply follows. */
    public boolean isPreliminary() {
        return code < 200;
    }

    /** 2xx: done. */
    public boolean isComplete() {
        return code >= 200 && code < 300;
    }

    /** 3xx: the server waits for the next command of a sequence (PASS after USER, RNTO after RNFR). */
    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    @Override
    public String toString() {
        return code + " " + String.join(" / ", lines);
    }
}
