package io.shrapnel.codecs.ldap.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM (RFC 5802, RFC 7677) without channel binding: SCRAM-SHA-1,
 * SCRAM-SHA-256, SCRAM-SHA-512. User names are escaped ({@code =} and {@code ,}); SASLprep is
 * not applied, so keep names and passwords to ASCII.
 *
 * <p>Threading: one exchange, one coro.
 */
public final class Scram {
    private static final String GS2_HEADER = "n,,";
    private static final int MIN_ITERATIONS = 4096;

    private final String mac;
    private final String digest;
    private final String password;
    private final String clientFirstBare;
    private final String clientNonce;
    private byte[] serverSignature;

    public Scram(String mechanism, String user, String password, String clientNonce) {
        String hash = switch (mechanism) {
            case "SCRAM-SHA-1" -> "SHA-1";
            case "SCRAM-SHA-256" -> "SHA-256";
            case "SCRAM-SHA-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported SASL mechanism " + mechanism
                    + " (SCRAM-SHA-1, SCRAM-SHA-256 or SCRAM-SHA-512)");
        };
        this.digest = hash;
        this.mac = "Hmac" + hash.replace("-", "");
        this.password = password;
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    public static String newNonce() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public byte[] clientFirst() {
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** The client-final message for the server-first message {@code serverFirst}. */
    public byte[] clientFinal(byte[] serverFirst) throws LdapSaslException {
        String sf = new String(serverFirst, StandardCharsets.UTF_8);
        String nonce = field(sf, 'r');
        String salt = field(sf, 's');
        String iterations = field(sf, 'i');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new LdapSaslException("SCRAM server nonce does not extend the client's");
        }
        int i;
        try {
            i = Integer.parseInt(iterations);
        } catch (NumberFormatException e) {
            throw new LdapSaslException("SCRAM iteration count \"" + iterations + "\" is not a number");
        }
        if (i < MIN_ITERATIONS) {
            throw new LdapSaslException("SCRAM iteration count " + i + " is below " + MIN_ITERATIONS);
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + sf + "," + withoutProof;
        try {
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt), i);
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance(digest).digest(clientKey);
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = clientKey.clone();
            for (int k = 0; k < proof.length; k++) {
                proof[k] ^= signature[k];
            }
            serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LdapSaslException("SCRAM computation failed: " + e.getMessage());
        }
    }

    /** Checks the server-final message: the server knew the password too. */
    public void verifyServerFinal(byte[] serverFinal) throws LdapSaslException {
        String s = serverFinal == null ? "" : new String(serverFinal, StandardCharsets.UTF_8);
        if (s.startsWith("e=")) {
            throw new LdapSaslException("SCRAM server error: " + s.substring(2));
        }
        byte[] v;
        try {
            v = Base64.getDecoder().decode(field(s, 'v'));
        } catch (IllegalArgumentException e) {
            throw new LdapSaslException("SCRAM server signature is not base64");
        }
        if (!MessageDigest.isEqual(v, serverSignature)) {
            throw new LdapSaslException("SCRAM server signature does not match: the server does not know the password");
        }
    }

    private static String field(String message, char name) throws LdapSaslException {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new LdapSaslException("SCRAM message \"" + message + "\" has no " + name + "= field");
    }

    private byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        return hmac(key, text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac m = Mac.getInstance(mac);
        m.init(new SecretKeySpec(key, mac));
        return m.doFinal(data);
    }

    /** Hi(): PBKDF2 with one block of output (RFC 5802 2.2). */
    private byte[] hi(byte[] pass, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac m = Mac.getInstance(mac);
        m.init(new SecretKeySpec(pass, mac));
        m.update(salt);
        byte[] u = m.doFinal(new byte[] {0, 0, 0, 1});
        byte[] out = u.clone();
        for (int k = 1; k < iterations; k++) {
            u = m.doFinal(u);
            for (int j = 0; j < out.length; j++) {
                out[j] ^= u[j];
            }
        }
        return out;
    }

    /** A SASL exchange the client refuses to complete. */
    public static final class LdapSaslException extends java.io.IOException {
        LdapSaslException(String message) {
            super(message);
        }
    }
}
