/** Looking inside a live process: the backdoor REPL, the per-coro profiler, JMX MXBeans and endpoint. */
module io.shrapnel.monitoring {
    requires transitive io.shrapnel.kernel;
    requires io.shrapnel.mailbox;
    requires io.shrapnel.net;
    requires static io.shrapnel.codecs.http;
    requires java.management.rmi;
    requires java.rmi;
    requires jdk.jshell;
    requires jdk.jfr;
    requires jdk.management;
    requires jdk.unsupported;
    requires jdk.net;

    exports io.shrapnel.monitoring;
}
