package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.util.Arrays;

/**
 * The server's first packet (Protocol::HandshakeV10): version, connection id, the 20-byte nonce
 * ("scramble"), capabilities and the default authentication plugin.
 */
public record Handshake(String serverVersion, long connectionId, byte[] nonce, long capabilities, int collation,
                        int status, String authPlugin) {

    /** Decodes the handshake; an ERR packet here is returned by the caller before this is called. */
    public static Handshake decode(byte[] payload) throws MySqlProtocolException {
        PacketReader r = new PacketReader(payload);
        int protocol = r.int1();
        if (protocol != 10) {
            throw new MySqlProtocolException("unsupported handshake protocol version " + protocol + " (only 10 is known)");
        }
        String version = r.nulString();
        long id = r.int4();
        byte[] part1 = r.bytes(8);
        r.skip(1);
        long caps = r.int2();
        if (!r.hasRemaining()) {
            throw new MySqlProtocolException("handshake from a server older than 4.1 (no capability upper half)");
        }
        int collation = r.int1();
        int status = r.int2();
        caps |= (long) r.int2() << 16;
        int nonceLength = r.int1();
        r.skip(6);
        long extended = r.int4(); // MariaDB's capabilities 32-63; reserved (zeros) from MySQL
        if ((caps & Capabilities.CLIENT_MYSQL) == 0) {
            caps |= extended << 32;
        }
        byte[] nonce = part1;
        if ((caps & Capabilities.SECURE_CONNECTION) != 0) {
            int part2Length = Math.max(13, nonceLength - 8);
            byte[] part2 = r.bytes(part2Length);
            int keep = part2[part2Length - 1] == 0 ? part2Length - 1 : part2Length;
            nonce = Arrays.copyOf(part1, 8 + keep);
            System.arraycopy(part2, 0, nonce, 8, keep);
        }
        String plugin = "mysql_native_password";
        if ((caps & Capabilities.PLUGIN_AUTH) != 0 && r.hasRemaining()) {
            plugin = untilNul(r.rest());
        }
        return new Handshake(version, id, nonce, caps, collation, status, plugin);
    }

    /** Bytes up to a NUL or the end (some servers leave the last NUL out). */
    static String untilNul(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && h.serverVersion.equals(serverVersion) && h.connectionId == connectionId
                && Arrays.equals(h.nonce, nonce) && h.capabilities == capabilities && h.collation == collation
                && h.status == status && h.authPlugin.equals(authPlugin);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(connectionId) * 31 + Arrays.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "Handshake[" + serverVersion + ", connection " + connectionId + ", plugin " + authPlugin + "]";
    }
}
