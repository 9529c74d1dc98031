package io.shrapnel.codecs.http;

/** Reason phrases of the status codes this library sends or meets (RFC 9110 section 15). */
final class Status {
    private static final String[] REASONS = new String[600];
    /** "HTTP/1.1 200 OK\r\n" and friends, encoded once. */
    private static final byte[][] LINES = new byte[600][];

    static {
        String[] pairs = {
            "100", "Continue", "101", "Switching Protocols",
            "200", "OK", "201", "Created", "202", "Accepted", "204", "No Content", "206", "Partial Content",
            "301", "Moved Permanently", "302", "Found", "303", "See Other", "304", "Not Modified",
            "307", "Temporary Redirect", "308", "Permanent Redirect",
            "400", "Bad Request", "401", "Unauthorized", "403", "Forbidden", "404", "Not Found",
            "405", "Method Not Allowed", "408", "Request Timeout", "409", "Conflict", "411", "Length Required",
            "412", "Precondition Failed", "413", "Content Too Large", "414", "URI Too Long",
            "415", "Unsupported Media Type", "416", "Range Not Satisfiable", "417", "Expectation Failed",
            "426", "Upgrade Required", "429", "Too Many Requests", "431", "Request Header Fields Too Large",
            "500", "Internal Server Error", "501", "Not Implemented", "502", "Bad Gateway",
            "503", "Service Unavailable", "504", "Gateway Timeout", "505", "HTTP Version Not Supported",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            REASONS[Integer.parseInt(pairs[i])] = pairs[i + 1];
        }
    }

    private Status() {}

    static String reason(int status) {
        String r = status >= 0 && status < REASONS.length ? REASONS[status] : null;
        return r != null ? r : "Status " + status;
    }

    static byte[] statusLine(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is 100..599, not " + status);
        }
        byte[] line = LINES[status];
        if (line == null) {
            line = ("HTTP/1.1 " + status + " " + reason(status) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            LINES[status] = line; // benign race: every thread computes the same bytes
        }
        return line;
    }
}
