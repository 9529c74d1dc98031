package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.MySqlProtocolException;
import io.shrapnel.net.Conn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The login: capability negotiation, the optional TLS upgrade (SSLRequest), the handshake
 * response, then the authentication exchange: {@code mysql_native_password}, {@code client_ed25519},
 * {@code caching_sha2_password} (fast path, and the full path over TLS or with the server's RSA
 * key), {@code mysql_clear_password} (TLS only), and auth switches between them.
 *
 * <p>Threading: one login on one coro.
 */
public final class Authenticator {
    /** Turns the plain connection into TLS (the client handshake done); null when TLS is not wanted. */
    public interface TlsUpgrade {
        Conn upgrade(Conn plain) throws IOException;

        /** Whether a server without TLS is an error (REQUIRED) rather than tolerated (PREFERRED). */
        boolean required();
    }

    private static final int MAX_SWITCHES = 4;
    private final PacketChannel ch;
    private final Credentials who;
    private boolean secure;

    private Authenticator(PacketChannel ch, Credentials who) {
        this.ch = ch;
        this.who = who;
    }

    /** Logs in after the server's {@code hs}; returns the capabilities both sides share. */
    public static long login(PacketChannel ch, Handshake hs, Credentials who, TlsUpgrade tls) throws IOException {
        return new Authenticator(ch, who).run(hs, tls);
    }

    private long run(Handshake hs, TlsUpgrade tls) throws IOException {
        long missing = Capabilities.REQUIRED & ~hs.capabilities();
        if (missing != 0) {
            throw new MySqlProtocolException("the server lacks capabilities this client needs: 0x"
                    + Long.toHexString(missing) + " (PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH)");
        }
        long caps = Capabilities.WANTED & hs.capabilities();
        if (who.database() != null) {
            caps |= Capabilities.CONNECT_WITH_DB;
        }
        if (tls != null) {
            if ((hs.capabilities() & Capabilities.SSL) != 0) {
                caps |= Capabilities.SSL;
                ch.write(new PacketWriter(32).int4(caps).int4(1 << 24).int1(Capabilities.UTF8MB4_GENERAL_CI)
                        .zeros(19).int4(caps >>> 32).toBytes());
                ch.replace(tls.upgrade(ch.conn()));
                secure = true;
            } else if (tls.required()) {
                throw new MySqlProtocolException("TLS is required but the server " + hs.serverVersion() + " does not offer it");
            }
        }
        String plugin = hs.authPlugin();
        byte[] nonce = hs.nonce();
        byte[] first = firstResponse(plugin, nonce, true);
        if (first == null) { // a plugin we do not know: answer as native, the server may switch us
            plugin = "mysql_native_password";
            first = Scrambles.nativePassword(who.password(), nonce);
        }
        PacketWriter w = new PacketWriter(128).int4(caps).int4(1 << 24).int1(Capabilities.UTF8MB4_GENERAL_CI)
                .zeros(19).int4(caps >>> 32).nulString(who.user());
        if ((caps & Capabilities.PLUGIN_AUTH_LENENC_DATA) != 0) {
            w.lenencBytes(first);
        } else {
            w.int1(first.length).bytes(first);
        }
        if (who.database() != null) {
            w.nulString(who.database());
        }
        w.nulString(plugin);
        ch.write(w.toBytes());
        exchange(plugin, nonce);
        return caps;
    }

    /** The first answer for {@code plugin}; null if the plugin is unknown. */
    private byte[] firstResponse(String plugin, byte[] nonce, boolean inGreeting) throws IOException {
        return switch (plugin) {
            case "mysql_native_password" -> Scrambles.nativePassword(who.password(), nonce);
            case "caching_sha2_password" -> Scrambles.cachingSha2(who.password(), nonce);
            case "client_ed25519" -> inGreeting ? null : Ed25519.sign(password(), nonce); // its 32-byte nonce comes in a switch
            case "mysql_clear_password" -> clearPassword();
            default -> null;
        };
    }

    private byte[] password() {
        return who.password().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] clearPassword() throws MySqlProtocolException {
        if (!secure) {
            throw new MySqlProtocolException("the server asks for mysql_clear_password over a connection without TLS; "
                    + "refusing to send the password in the clear (use TlsMode.REQUIRED)");
        }
        byte[] p = password();
        return Arrays.copyOf(p, p.length + 1);
    }

    private void exchange(String plugin, byte[] nonce) throws IOException {
        int switches = 0;
        while (true) {
            byte[] p = ch.read();
            if (p.length == 0) {
                throw new MySqlProtocolException("empty packet during authentication");
            }
            switch (p[0] & 0xFF) {
                case Packets.OK -> {
                    return;
                }
                case Packets.ERR -> throw Packets.err(p);
                case 0xFE -> {
                    if (++switches > MAX_SWITCHES) {
                        throw new MySqlProtocolException("the server switched authentication plugins more than "
                                + MAX_SWITCHES + " times");
                    }
                    PacketReader r = new PacketReader(p, 1, p.length - 1);
                    plugin = r.nulString();
                    nonce = switchNonce(plugin, r.rest());
                    byte[] answer = firstResponse(plugin, nonce, false);
                    if (answer == null) {
                        throw new MySqlProtocolException("the server asks for the authentication plugin '" + plugin
                                + "', which this client does not implement (known: mysql_native_password, "
                                + "client_ed25519, caching_sha2_password, mysql_clear_password)");
                    }
                    ch.write(answer);
                }
                case 0x01 -> moreData(plugin, nonce, p);
                default -> throw new MySqlProtocolException("unexpected packet 0x" + Integer.toHexString(p[0] & 0xFF)
                        + " during authentication with " + plugin);
            }
        }
    }

    /**
     * The nonce of an auth switch. The 20-byte scrambles of the MySQL plugins come NUL-terminated
     * (their bytes are never 0); client_ed25519's is 32 random bytes without a terminator, whose last
     * byte is 0 once in 256 switches: it is kept whole.
     */
    static byte[] switchNonce(String plugin, byte[] data) {
        if (plugin.equals("client_ed25519")) {
            return data.length > ED25519_NONCE ? Arrays.copyOf(data, ED25519_NONCE) : data;
        }
        return data.length > 0 && data[data.length - 1] == 0 ? Arrays.copyOf(data, data.length - 1) : data;
    }

    private static final int ED25519_NONCE = 32;

    private void moreData(String plugin, byte[] nonce, byte[] p) throws IOException {
        if (!plugin.equals("caching_sha2_password")) {
            throw new MySqlProtocolException("unexpected AuthMoreData from the server during " + plugin);
        }
        if (p.length < 2) {
            throw new MySqlProtocolException("truncated AuthMoreData packet");
        }
        switch (p[1]) {
            case 3 -> { } // fast path: the server had the hash cached; its OK follows
            case 4 -> fullAuthentication(nonce);
            default -> throw new MySqlProtocolException("unknown caching_sha2_password state " + p[1]);
        }
    }

    private void fullAuthentication(byte[] nonce) throws IOException {
        if (secure) {
            ch.write(clearPassword());
            return;
        }
        if (!who.allowPublicKeyRetrieval()) {
            throw new MySqlProtocolException("caching_sha2_password needs the password in full (not cached on the "
                    + "server): use TLS, or allowPublicKeyRetrieval(true) to fetch the server's RSA key in the clear");
        }
        ch.write(new byte[] {2});
        byte[] keyPacket = ch.read();
        if (keyPacket.length < 2 || keyPacket[0] != 1) {
            throw new MySqlProtocolException("expected the server's RSA public key, got a packet of " + keyPacket.length
                    + " bytes");
        }
        String pem = new String(keyPacket, 1, keyPacket.length - 1, StandardCharsets.US_ASCII);
        byte[] p = password();
        byte[] withNul = Arrays.copyOf(p, p.length + 1);
        ch.write(rsaEncrypt(pem, Scrambles.xor(withNul, Scrambles.first20(nonce))));
    }

    static byte[] rsaEncrypt(String pem, byte[] data) throws MySqlProtocolException {
        try {
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, key);
            return rsa.doFinal(data);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MySqlProtocolException("the server's RSA public key is unusable: " + e.getMessage(), e);
        }
    }
}
