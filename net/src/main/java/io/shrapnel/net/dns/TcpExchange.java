package io.shrapnel.net.dns;

import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;

/**
 * One query over TCP (RFC 1035 §4.2.2, RFC 7766): a fresh connection, the message behind a two-byte
 * length, the answer read the same way. Used when a UDP answer came back truncated. The answer must
 * carry the query's id and question, as over UDP.
 *
 * <p>Threading: stateless; runs in the calling coro.
 */
final class TcpExchange {
    private TcpExchange() {}

    static DnsMessage exchange(InetSocketAddress server, DnsMessage query, RandomGenerator random) throws IOException {
        int id = random.nextInt(0x10000);
        byte[] wire = query.withHeader(query.header().withId(id)).encode();
        try (TcpSock s = TcpSock.create()) {
            s.connect(server);
            byte[] framed = new byte[2 + wire.length];
            framed[0] = (byte) (wire.length >> 8);
            framed[1] = (byte) wire.length;
            System.arraycopy(wire, 0, framed, 2, wire.length);
            s.sendAll(framed);
            byte[] len = s.recvExact(2);
            int n = (len[0] & 0xff) << 8 | len[1] & 0xff;
            if (n < DnsMessage.HEADER_SIZE) {
                throw new IOException("TCP answer from " + server + " of " + n + " bytes is shorter than a DNS header");
            }
            DnsMessage answer = DnsMessage.decode(s.recvExact(n));
            if (answer.header().id() != id || !answer.header().response() || answer.questions().size() != 1
                    || !answer.question().equals(query.question())) {
                throw new IOException("TCP answer from " + server + " does not match the query " + query.question()
                        + " (id " + answer.header().id() + ", question " + answer.questions() + ")");
            }
            return answer;
        }
    }
}
