/**
 * Protocol Buffers RPC between nodes on coro sockets, and remote actor refs. The API is
 * {@code io.shrapnel.rpc} (plus the built-in health service's messages in
 * {@code io.shrapnel.rpc.health} and the demo programs in {@code io.shrapnel.rpc.demo}); frames,
 * buffers and wire messages stay in {@code io.shrapnel.rpc.internal}.
 */
module io.shrapnel.rpc {
    requires transitive io.shrapnel.kernel;
    requires transitive io.shrapnel.net;
    requires transitive io.shrapnel.mailbox;
    requires transitive com.google.protobuf;
    requires chronicle.bytes;
    requires java.management;

    exports io.shrapnel.rpc;
    exports io.shrapnel.rpc.health;
    exports io.shrapnel.rpc.demo;

    // protobuf's generated code is read reflectively by the protobuf runtime
    opens io.shrapnel.rpc.health to com.google.protobuf;
    opens io.shrapnel.rpc.demo to com.google.protobuf;
    opens io.shrapnel.rpc.internal.wire to com.google.protobuf;
}
