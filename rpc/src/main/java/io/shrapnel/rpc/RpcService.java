package io.shrapnel.rpc;

/** A service a server offers. Generated server bases implement it; hand-written ones may too. */
public interface RpcService {
    ServiceDefinition definition();
}
