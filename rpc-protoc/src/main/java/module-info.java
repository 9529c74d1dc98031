/**
 * The protoc plugin that generates a typed client and server base from each {@code service} of a
 * {@code .proto} file (run by the build through protoc, never by applications).
 */
module io.shrapnel.rpc.protoc {
    requires com.google.protobuf;

    exports io.shrapnel.rpc.protoc;
}
