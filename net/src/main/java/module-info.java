/** Coro sockets (TCP, UDP, Unix), TLS, the DNS wire codec and stub resolver, the connection pool. */
module io.shrapnel.net {
    requires transitive io.shrapnel.kernel;
    requires jdk.net;

    exports io.shrapnel.net;
    exports io.shrapnel.net.dns;
    exports io.shrapnel.net.pool;
    exports io.shrapnel.net.internal to io.shrapnel.codecs.http, io.shrapnel.monitoring, io.shrapnel.rpc;
}
