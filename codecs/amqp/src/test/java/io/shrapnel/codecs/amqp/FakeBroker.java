package io.shrapnel.codecs.amqp;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.FrameReader;
import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.WireReader;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A broker written as a coro on loopback that speaks just enough AMQP to open a connection, then
 * does what a test scripts: bad frames, unknown methods, silence.
 *
 * <p>Threading: the test's loop.
 */
final class FakeBroker implements AutoCloseable {
    private final TcpSock listener;
    final int port;
    TcpSock peer;
    FrameReader frames;
    /** The client's connection.start-ok. */
    Method startOk;

    private FakeBroker(TcpSock listener, int port) {
        this.listener = listener;
        this.port = port;
    }

    /** Listens on the first free port of 26660-26699. */
    static FakeBroker listen() throws IOException {
        IOException last = null;
        for (int port = 26660; port < 26700; port++) {
            TcpSock s = TcpSock.create();
            try {
                s.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port));
                s.listen(5);
                return new FakeBroker(s, port);
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw last;
    }

    AmqpConfig.Builder config() {
        return AmqpConfig.builder().port(port);
    }

    /** Accepts the client and opens the connection with these tune values. */
    void handshake(int heartbeat, int frameMax) throws IOException {
        handshake(heartbeat, frameMax, 2047);
    }

    /** Accepts the client and opens the connection with these tune values. */
    void handshake(int heartbeat, int frameMax, int channelMax) throws IOException {
        peer = listener.accept();
        frames = new FrameReader(peer, 131072);
        peer.recvExact(8);
        send(0, Method.of(MethodSpec.CONNECTION_START, 0, 9, Map.of("product", "fake"), "PLAIN AMQPLAIN".getBytes(),
                "en_US".getBytes()));
        startOk = expect(MethodSpec.CONNECTION_START_OK);
        send(0, Method.of(MethodSpec.CONNECTION_TUNE, channelMax, (long) frameMax, heartbeat));
        expect(MethodSpec.CONNECTION_TUNE_OK);
        expect(MethodSpec.CONNECTION_OPEN);
        send(0, Method.of(MethodSpec.CONNECTION_OPEN_OK, ""));
    }

    /** Accepts the next connection and hands it over as it is (no handshake). */
    TcpSock accept() throws IOException {
        return listener.accept();
    }

    /** Accepts the client and answers up to its start-ok, nothing more. */
    void handshakeStartOnly() throws IOException {
        peer = listener.accept();
        frames = new FrameReader(peer, 131072);
        peer.recvExact(8);
        send(0, Method.of(MethodSpec.CONNECTION_START, 0, 9, Map.of(), "PLAIN".getBytes(), "en_US".getBytes()));
        expect(MethodSpec.CONNECTION_START_OK);
    }

    /** Answers the client's channel.open. */
    void openChannel() throws IOException {
        openChannel(1);
    }

    /** Answers the client's channel.open, which must be for {@code channel}. */
    void openChannel(int channel) throws IOException {
        expectOn(channel, MethodSpec.CHANNEL_OPEN);
        send(channel, Method.of(MethodSpec.CHANNEL_OPEN_OK, new byte[0]));
    }

    /** The next method from the client, which must be {@code spec} on {@code channel}. */
    Method expectOn(int channel, MethodSpec spec) throws IOException {
        while (true) {
            Frame f = frames.next();
            if (f.type() == Frame.METHOD) {
                Method m = Method.decode(new WireReader(f.payload()));
                if (m.spec() != spec || f.channel() != channel) {
                    throw new AssertionError("the client sent " + m + " on channel " + f.channel() + ", not " + spec
                            + " on channel " + channel);
                }
                return m;
            }
        }
    }

    /** Answers the client's basic.consume on {@code channel} with consume-ok; returns the consumer tag. */
    String acceptConsume(int channel) throws IOException {
        String tag = expectOn(channel, MethodSpec.BASIC_CONSUME).str(2);
        send(channel, Method.of(MethodSpec.BASIC_CONSUME_OK, tag));
        return tag;
    }

    /** Answers the client's connection.close with close-ok; returns the close. */
    Method answerClose() throws IOException {
        Method close = expect(MethodSpec.CONNECTION_CLOSE);
        send(0, Method.of(MethodSpec.CONNECTION_CLOSE_OK));
        return close;
    }

    void send(int channel, Method m) throws IOException {
        peer.sendAll(FrameWriter.method(channel, m));
    }

    void sendRaw(byte[] bytes) throws IOException {
        peer.sendAll(bytes);
    }

    /** The next method from the client, skipping heartbeats. */
    Method next() throws IOException {
        while (true) {
            Frame f = frames.next();
            if (f.type() == Frame.METHOD) {
                return Method.decode(new WireReader(f.payload()));
            }
        }
    }

    Method expect(MethodSpec spec) throws IOException {
        Method m = next();
        if (m.spec() != spec) {
            throw new AssertionError("the client sent " + m + ", not " + spec);
        }
        return m;
    }

    /** True once the client has closed its end (after anything it still sends). */
    boolean clientClosed() throws IOException {
        try {
            while (true) {
                frames.next();
            }
        } catch (io.shrapnel.net.EofError e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (peer != null) {
            peer.close();
        }
        listener.close();
    }
}
