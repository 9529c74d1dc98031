package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Coro;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The live connections of one server: how many each client address holds, and which wait for a
 * request, longest-waiting first, so that a full server closes an idle connection before it refuses
 * a new one.
 *
 * <p>Threading: confined to the server's loop (its acceptor and its connections' coros).
 */
final class ConnectionTable implements IdleWatch {
    /** Live connections and their sessions (null until the TLS handshake is done), oldest first. */
    private final Map<Coro, ServerSession> connections = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final LinkedHashSet<ServerSession> idle = new LinkedHashSet<>();

    int size() {
        return connections.size();
    }

    Map<Coro, ServerSession> connections() {
        return connections;
    }

    /** Connections that {@code address} holds now. */
    int from(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    void add(Coro c, InetAddress address) {
        connections.put(c, null);
        if (address != null) {
            perAddress.merge(address, 1, Integer::sum);
        }
    }

    void session(Coro c, ServerSession s) {
        connections.put(c, s);
    }

    void remove(Coro c, InetAddress address) {
        ServerSession s = connections.remove(c);
        if (s != null) {
            idle.remove(s);
        }
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    @Override
    public void idle(ServerSession s) {
        idle.add(s);
    }

    @Override
    public void busy(ServerSession s) {
        idle.remove(s);
    }

    /**
     * Closes the connection that has waited longest for a request, if one does; it ends in its own
     * coro at the loop's next pass. Returns whether one was closed.
     */
    boolean closeLongestIdle() {
        Iterator<ServerSession> it = idle.iterator();
        if (!it.hasNext()) {
            return false;
        }
        ServerSession s = it.next();
        it.remove();
        s.closeAfterCurrent();
        s.transport().close();
        return true;
    }
}
