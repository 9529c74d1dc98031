/** HTTP/1.1 on coros: server, router, static files, WebSocket, client. */
module io.shrapnel.codecs.http {
    requires transitive io.shrapnel.net;

    exports io.shrapnel.codecs.http;
}
