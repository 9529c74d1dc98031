package io.shrapnel.codecs.http;

/**
 * A doubly linked list of connections threaded through their own fields, oldest first: add, remove
 * and take-the-oldest in constant time without allocating. One kind of list uses a connection's
 * {@code All} links (every connection of a server), the other its {@code Waiting} links (a
 * connection waits in at most one list at a time).
 *
 * <p>Threading: confined to the server's loop.
 */
final class ConnectionList {
    private final boolean all;
    private ServerConnection head;
    private ServerConnection tail;
    private int size;

    private ConnectionList(boolean all) {
        this.all = all;
    }

    /** A list on the connections' {@code All} links. */
    static ConnectionList everyConnection() {
        return new ConnectionList(true);
    }

    /** A list on the connections' {@code Waiting} links. */
    static ConnectionList waiting() {
        return new ConnectionList(false);
    }

    int size() {
        return size;
    }

    /** The oldest connection, or null. */
    ServerConnection first() {
        return head;
    }

    /** The connection after {@code c}, or null. */
    ServerConnection next(ServerConnection c) {
        return all ? c.nextAll : c.nextWaiting;
    }

    private ServerConnection prev(ServerConnection c) {
        return all ? c.prevAll : c.prevWaiting;
    }

    private void link(ServerConnection c, ServerConnection prev, ServerConnection next) {
        if (all) {
            c.prevAll = prev;
            c.nextAll = next;
        } else {
            c.prevWaiting = prev;
            c.nextWaiting = next;
        }
    }

    private void setNext(ServerConnection c, ServerConnection next) {
        if (all) {
            c.nextAll = next;
        } else {
            c.nextWaiting = next;
        }
    }

    private void setPrev(ServerConnection c, ServerConnection prev) {
        if (all) {
            c.prevAll = prev;
        } else {
            c.prevWaiting = prev;
        }
    }

    /** Appends {@code c}, which must not be in a list of this kind. */
    void add(ServerConnection c) {
        link(c, tail, null);
        if (tail != null) {
            setNext(tail, c);
        } else {
            head = c;
        }
        tail = c;
        size++;
    }

    /** Unlinks {@code c}, which must be in this list. */
    void remove(ServerConnection c) {
        ServerConnection p = prev(c);
        ServerConnection n = next(c);
        if (p != null) {
            setNext(p, n);
        } else {
            head = n;
        }
        if (n != null) {
            setPrev(n, p);
        } else {
            tail = p;
        }
        link(c, null, null);
        size--;
    }
}
