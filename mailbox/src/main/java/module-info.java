/** Actors on coros: mailboxes, {@code ActorRef} tell/ask, selective receive, monitors, links, supervisors. */
module io.shrapnel.mailbox {
    requires transitive io.shrapnel.kernel;
    requires jdk.unsupported;
    requires org.jctools.core;

    exports io.shrapnel.mailbox;
    exports io.shrapnel.mailbox.internal to io.shrapnel.monitoring, io.shrapnel.rpc;
}
