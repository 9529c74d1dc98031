/** A live web dashboard of Shrapnel processes, read from JMX and pushed to the page over a WebSocket. */
module io.shrapnel.dashboard {
    requires transitive io.shrapnel.kernel;
    requires transitive java.management;
    requires io.shrapnel.net;
    requires io.shrapnel.codecs.http;
    requires io.shrapnel.monitoring;
    requires java.management.rmi;

    exports io.shrapnel.dashboard;
}
