package io.shrapnel.codecs.http;

/**
 * How the body of one message is delimited (RFC 9112 section 6.3), decided from its head before a
 * byte of body is read. The rules that stop request smuggling live here: a request with both
 * {@code Transfer-Encoding} and {@code Content-Length}, with two different lengths, or with a
 * transfer coding other than a final {@code chunked} is refused, since two readers could frame it
 * differently.
 *
 * @param kind how it ends
 * @param length the length for {@link Kind#SIZED}, else -1
 */
record Framing(Kind kind, long length) {
    enum Kind { NONE, SIZED, CHUNKED, UNTIL_CLOSE }

    static final Framing NONE = new Framing(Kind.NONE, 0);
    static final Framing CHUNKED = new Framing(Kind.CHUNKED, -1);
    static final Framing UNTIL_CLOSE = new Framing(Kind.UNTIL_CLOSE, -1);

    static Framing sized(long length) {
        return length == 0 ? NONE : new Framing(Kind.SIZED, length);
    }

    /** The framing of a request body, or the error status (400, 413, 501) that refuses it. */
    static Framing ofRequest(Headers h, int minor, long maxBody) throws HttpProtocolException {
        boolean hasTe = h.has("Transfer-Encoding");
        boolean hasCl = h.has("Content-Length");
        if (hasTe && hasCl) {
            throw new HttpProtocolException(400, "both Transfer-Encoding and Content-Length: refused, since"
                    + " a proxy in front could frame the body differently (request smuggling)");
        }
        if (hasTe) {
            if (minor == 0) {
                throw new HttpProtocolException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            checkChunkedLast(h, 400);
            return CHUNKED;
        }
        if (hasCl) {
            long n = contentLength(h, 400);
            if (n > maxBody) {
                throw new HttpProtocolException(413, "the body of " + n + " bytes is larger than the limit of " + maxBody);
            }
            return sized(n);
        }
        return NONE;
    }

    /** The framing of a response to a request with {@code method}. */
    static Framing ofResponse(Headers h, int status, String method) throws HttpProtocolException {
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304
                || (method.equals("CONNECT") && status < 300)) {
            return NONE;
        }
        if (h.has("Transfer-Encoding")) {
            // A response whose final coding is not chunked runs to the close (RFC 9112 6.3 item 4).
            String all = String.join(",", h.all("Transfer-Encoding"));
            String[] codings = all.split(",");
            return codings[codings.length - 1].trim().equalsIgnoreCase("chunked") ? CHUNKED : UNTIL_CLOSE;
        }
        if (h.has("Content-Length")) {
            return sized(contentLength(h, 502));
        }
        return UNTIL_CLOSE;
    }

    private static void checkChunkedLast(Headers h, int status) throws HttpProtocolException {
        String all = String.join(",", h.all("Transfer-Encoding"));
        String[] codings = all.split(",", -1);
        int chunked = 0;
        for (String c : codings) {
            String t = c.trim();
            if (t.equalsIgnoreCase("chunked")) {
                chunked++;
            } else if (!t.isEmpty()) {
                throw new HttpProtocolException(t.contains(" ") || !Tokens.isToken(t) ? status : 501,
                        "transfer coding '" + HeadParser.printable(t) + "' is not supported (only chunked)");
            }
        }
        if (chunked != 1 || !codings[codings.length - 1].trim().equalsIgnoreCase("chunked")) {
            throw new HttpProtocolException(status, "Transfer-Encoding must end in exactly one 'chunked', not '"
                    + HeadParser.printable(all) + "'");
        }
    }

    /** The one length that every Content-Length field and list element agrees on. */
    private static long contentLength(Headers h, int status) throws HttpProtocolException {
        long found = -1;
        for (String v : h.all("Content-Length")) {
            for (String part : v.split(",", -1)) {
                String p = part.trim();
                if (p.isEmpty() || p.length() > 18) {
                    throw new HttpProtocolException(status, "invalid Content-Length '" + HeadParser.printable(v) + "'");
                }
                long n = 0;
                for (int i = 0; i < p.length(); i++) {
                    char c = p.charAt(i);
                    if (c < '0' || c > '9') {
                        throw new HttpProtocolException(status, "invalid Content-Length '" + HeadParser.printable(v) + "'");
                    }
                    n = n * 10 + (c - '0');
                }
                if (found >= 0 && found != n) {
                    throw new HttpProtocolException(status, "two different Content-Lengths (" + found + " and " + n
                            + "): refused, since readers could disagree on where the body ends");
                }
                found = n;
            }
        }
        return found;
    }
}
