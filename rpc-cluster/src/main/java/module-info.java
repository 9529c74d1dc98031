/**
 * Node membership, a cluster-wide actor registry, leader election and locks on etcd, spoken to over
 * etcd's v3 JSON gateway with the library's own HTTP client. The API is
 * {@code io.shrapnel.rpc.cluster}; the gateway's messages and the stream reader stay internal.
 */
module io.shrapnel.rpc.cluster {
    requires transitive io.shrapnel.rpc;
    requires io.shrapnel.codecs.http;
    requires com.google.protobuf.util;

    exports io.shrapnel.rpc.cluster;
    exports io.shrapnel.rpc.cluster.demo;

    // JsonFormat reads and writes the gateway's generated messages reflectively
    opens io.shrapnel.rpc.cluster.internal.etcd to com.google.protobuf, com.google.protobuf.util;
}
