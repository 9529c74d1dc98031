package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import java.io.IOException;

/**
 * Reads the head of an HTTP/1.x message (start line and header fields, RFC 9112 sections 3-5) under
 * the {@link Limits}. Strict where leniency lets two readers see two different messages: a bare LF or
 * CR, whitespace before the colon, an obsolete folded line, a control byte in a value are all 400.
 *
 * <p>Threading: stateless.
 */
final class HeadParser {
    /** Empty lines a server skips before a request line (RFC 9112 2.2 says "at least one"). */
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    private HeadParser() {}

    /** A request line and its fields. {@code minor} is 0 or 1 (HTTP/1.0 or HTTP/1.1). */
    record RequestHead(String method, String target, int minor, Headers headers) {}

    /** A status line and its fields. */
    record ResponseHead(int minor, int status, String reason, Headers headers) {}

    /** Reads a request head; null if the stream ends cleanly before its first byte. */
    static RequestHead readRequest(HttpInput in, Limits limits) throws IOException {
        in.resetCount();
        String line;
        int empty = 0;
        while (true) {
            line = in.readLine(limits.maxRequestLine(), 414, "request line");
            if (line == null) {
                return null;
            }
            if (!line.isEmpty()) {
                break;
            }
            if (++empty > MAX_LEADING_EMPTY_LINES) {
                throw new HttpProtocolException(400, "too many empty lines before the request line");
            }
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0 || sp2 == sp1 + 1) {
            throw new HttpProtocolException(400, "the request line is not 'METHOD target HTTP/1.1': " + printable(line));
        }
        String method = line.substring(0, sp1);
        if (!Tokens.isToken(method)) {
            throw new HttpProtocolException(400, "the method is not a token: " + printable(method));
        }
        String target = line.substring(sp1 + 1, sp2);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new HttpProtocolException(400, "the request target holds byte 0x"
                        + Integer.toHexString(c) + "; it must be percent-encoded");
            }
        }
        int minor = version(line.substring(sp2 + 1), true);
        int lineBytes = (int) in.count();
        Headers headers = readFields(in, limits, limits.maxHeaderBytes() + lineBytes, lineBytes);
        return new RequestHead(method, target, minor, headers);
    }

    /** Reads a response head (a client reading a server); null if the stream ends before its first byte. */
    static ResponseHead readResponse(HttpInput in, Limits limits) throws IOException {
        in.resetCount();
        String line = in.readLine(limits.maxRequestLine(), 502, "status line");
        if (line == null) {
            return null;
        }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]
        if (line.length() < 12 || line.charAt(8) != ' ' || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new HttpProtocolException(502, "not an HTTP/1.x status line: " + printable(line));
        }
        int minor = version(line.substring(0, 8), false);
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpProtocolException(502, "the status code is not three digits: " + printable(line));
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new HttpProtocolException(502, "status " + status + " is below 100");
        }
        String reason = line.length() > 13 ? line.substring(13) : "";
        Headers headers = readFields(in, limits, limits.maxHeaderBytes() + (int) in.count(), (int) in.count());
        return new ResponseHead(minor, status, reason, headers);
    }

    /**
     * Reads header fields up to the empty line. Also reads a chunked body's trailer section.
     *
     * @param budget most bytes {@code in.count()} may reach, start line included
     */
    static Headers readFields(HttpInput in, Limits limits, int budget, int alreadyRead) throws IOException {
        Headers headers = new Headers();
        while (true) {
            int left = budget - (int) in.count();
            if (left <= 0) {
                throw new HttpProtocolException(431, "the header section is longer than " + limits.maxHeaderBytes() + " bytes");
            }
            String line = in.readLine(left, 431, "header section");
            if (line == null) {
                throw new java.io.EOFException("the stream ended inside the header section");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (headers.size() >= limits.maxHeaders()) {
                throw new HttpProtocolException(431, "more than " + limits.maxHeaders() + " header fields");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new HttpProtocolException(400, "obsolete line folding (a header line starting with whitespace) is not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException(400, "a header line without a name and a colon: " + printable(line));
            }
            for (int i = 0; i < colon; i++) {
                if (!Tokens.isTchar(line.charAt(i))) {
                    throw new HttpProtocolException(400, "invalid header name (whitespace or a separator before the colon?): "
                            + printable(line.substring(0, colon)));
                }
            }
            int vs = colon + 1;
            int ve = line.length();
            while (vs < ve && isOws(line.charAt(vs))) {
                vs++;
            }
            while (ve > vs && isOws(line.charAt(ve - 1))) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                if (!Tokens.isFieldValueChar(line.charAt(i))) {
                    throw new HttpProtocolException(400, "the value of " + line.substring(0, colon)
                            + " holds control byte 0x" + Integer.toHexString(line.charAt(i)));
                }
            }
            headers.addTrusted(line.substring(0, colon), line.substring(vs, ve));
        }
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** The minor version of "HTTP/1.x"; 505 for another major version, 400 (502 on a client) for garbage. */
    private static int version(String v, boolean request) throws HttpProtocolException {
        int bad = request ? 400 : 502;
        if (v.length() != 8 || !v.startsWith("HTTP/") || v.charAt(6) != '.'
                || !isDigit(v.charAt(5)) || !isDigit(v.charAt(7))) {
            throw new HttpProtocolException(bad, "not an HTTP version: " + printable(v));
        }
        if (v.charAt(5) != '1') {
            throw new HttpProtocolException(request ? 505 : 502, v + " is not supported; this is an HTTP/1.1 "
                    + (request ? "server" : "client"));
        }
        return v.charAt(7) == '0' ? 0 : 1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** For error messages: at most 80 chars, control bytes shown as \xNN. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }
}
