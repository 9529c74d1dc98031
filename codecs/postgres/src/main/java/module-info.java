/**
 * A PostgreSQL client on coros: protocol 3.0 over the net module's sockets, the shared connection
 * pool, LISTEN/NOTIFY delivered into actors' mailboxes. Internals stay in
 * {@code io.shrapnel.codecs.postgres.internal}, not exported.
 */
module io.shrapnel.codecs.postgres {
    requires transitive io.shrapnel.net;
    requires transitive io.shrapnel.mailbox;

    exports io.shrapnel.codecs.postgres;
}
