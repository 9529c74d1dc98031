package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.net.Conn;
import io.shrapnel.net.Direction;
import java.net.SocketAddress;

/** The parts of a {@link Conn} that in-memory test connections do not use: no addresses, no-op shutdown and close. */
public abstract class StubConn implements Conn {
    @Override
    public byte[] recv(int maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown(Direction how) {}

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    @Override
    public void close() {}
}
