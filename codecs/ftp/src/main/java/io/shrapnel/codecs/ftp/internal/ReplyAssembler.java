package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpProtocolException;
import io.shrapnel.codecs.ftp.FtpReply;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the lines of a control connection into replies (RFC 959 section 4.2): {@code "ddd text"}
 * is a whole reply; {@code "ddd-text"} opens a multi-line reply that ends at the first line that
 * starts with the same code and a space. At most {@code maxLines} lines per reply, so a reply that
 * never ends is an error, not a growing list.
 *
 * <p>Threading: one coro.
 */
public final class ReplyAssembler {
    private final int maxLines;
    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    public ReplyAssembler(int maxLines) {
        this.maxLines = maxLines;
    }

    /** Adds one line; returns the reply it completes, or null while a multi-line reply goes on. */
    public FtpReply offer(String line) throws FtpProtocolException {
        if (code < 0) {
            int c = codeOf(line);
            if (c < 0 || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                throw new FtpProtocolException("not an FTP reply: " + shorten(line));
            }
            String text = line.length() > 4 ? line.substring(4) : "";
            if (line.length() > 3 && line.charAt(3) == '-') {
                code = c;
                lines.add(text);
                return null;
            }
            return FtpReply.of(c, text);
        }
        if (lines.size() >= maxLines) {
            throw new FtpProtocolException("a multi-line " + code + " reply longer than " + maxLines + " lines");
        }
        if (codeOf(line) == code && line.length() >= 4 && line.charAt(3) == ' ') {
            lines.add(line.substring(4));
            FtpReply r = new FtpReply(code, lines);
            lines.clear();
            code = -1;
            return r;
        }
        lines.add(line);
        return null;
    }

    /** The code at the start of {@code line}, or -1 if it does not start with one (100..599). */
    static int codeOf(String line) {
        if (line.length() < 3) {
            return -1;
        }
        int c = 0;
        for (int i = 0; i < 3; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            c = c * 10 + (ch - '0');
        }
        return c >= 100 && c <= 599 ? c : -1;
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
