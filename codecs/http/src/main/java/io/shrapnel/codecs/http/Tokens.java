package io.shrapnel.codecs.http;

/** The character classes of RFC 9110 that the parser and the header checks share. */
final class Tokens {
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private Tokens() {}

    static boolean isTchar(char c) {
        return c < 128 && TCHAR[c];
    }

    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** A byte allowed in a field value: VCHAR, obs-text, SP and HTAB. */
    static boolean isFieldValueChar(char c) {
        return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
    }
}
