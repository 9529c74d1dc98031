package io.shrapnel.codecs.mysql.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The password proofs of {@code mysql_native_password} and {@code caching_sha2_password}'s fast path. */
public final class Scrambles {
    private Scrambles() {}

    /** SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))); empty for an empty password. */
    public static byte[] nativePassword(String password, byte[] nonce) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = digest("SHA-1", password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = digest("SHA-1", stage1);
        return xor(stage1, digest("SHA-1", first20(nonce), stage2));
    }

    /** SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce); empty for an empty password. */
    public static byte[] cachingSha2(String password, byte[] nonce) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = digest("SHA-256", password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = digest("SHA-256", stage1);
        return xor(stage1, digest("SHA-256", stage2, first20(nonce)));
    }

    /** The nonce proper: 20 bytes (servers may add a trailing NUL). */
    static byte[] first20(byte[] nonce) {
        return java.util.Arrays.copyOf(nonce, 20);
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i % b.length]);
        }
        return out;
    }

    static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }
}
