package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.codecs.postgres.PgProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677), with optional tls-server-end-point
 * channel binding (SCRAM-SHA-256-PLUS, RFC 5929). PostgreSQL ignores the user name in the SCRAM
 * messages (it has it from the startup packet), so the client sends it empty.
 *
 * <p>Threading: one exchange, one coro.
 */
public final class Scram {
    private final String user;
    private final String password;
    private final byte[] channelBinding; // null: no binding
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /** {@code user} may be empty: PostgreSQL takes the user from the startup packet. */
    public Scram(String user, String password, byte[] channelBinding, String clientNonce) {
        this.user = user;
        this.password = password;
        this.channelBinding = channelBinding;
        this.clientNonce = clientNonce;
    }

    public static String newNonce() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public String mechanism() {
        return channelBinding == null ? "SCRAM-SHA-256" : "SCRAM-SHA-256-PLUS";
    }

    private String gs2Header() {
        // "n": this client does not support binding; "y" would claim the server lacks it (downgrade check)
        return channelBinding == null ? "n,," : "p=tls-server-end-point,,";
    }

    /** client-first-message. */
    public String clientFirst() {
        clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return gs2Header() + clientFirstBare;
    }

    /** Reads server-first-message, returns client-final-message. */
    public String clientFinal(String serverFirst) throws PgProtocolException {
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterations = attribute(serverFirst, 'i');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new PgProtocolException("SCRAM: the server's nonce does not extend ours; refusing to authenticate");
        }
        int iter;
        byte[] saltBytes;
        try {
            iter = Integer.parseInt(iterations);
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new PgProtocolException("SCRAM: malformed server-first-message: " + serverFirst, e);
        }
        if (iter < 1 || iter > 10_000_000) {
            throw new PgProtocolException("SCRAM: the server asks for " + iter + " iterations; refusing (1 to 10,000,000)");
        }
        byte[] header = gs2Header().getBytes(StandardCharsets.US_ASCII);
        byte[] cbind = header;
        if (channelBinding != null) {
            cbind = new byte[header.length + channelBinding.length];
            System.arraycopy(header, 0, cbind, 0, header.length);
            System.arraycopy(channelBinding, 0, cbind, header.length, channelBinding.length);
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        try {
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), saltBytes, iter);
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256/HmacSHA256 missing from this JDK", e);
        }
    }

    /** Checks server-final-message: the server proves it knew the password too. */
    public void verifyServerFinal(String serverFinal) throws PgProtocolException {
        if (serverFinal.startsWith("e=")) {
            throw new PgProtocolException("SCRAM: the server refused: " + serverFinal.substring(2));
        }
        byte[] got;
        try {
            got = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
        } catch (IllegalArgumentException e) {
            throw new PgProtocolException("SCRAM: malformed server-final-message: " + serverFinal, e);
        }
        if (expectedServerSignature == null || !MessageDigest.isEqual(got, expectedServerSignature)) {
            throw new PgProtocolException("SCRAM: the server's signature is wrong; it does not know the password "
                    + "(a server in the middle?)");
        }
    }

    static String attribute(String message, char name) throws PgProtocolException {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new PgProtocolException("SCRAM: the server's message has no '" + name + "' attribute: " + message);
    }

    static byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
