package io.shrapnel.rpc;

import java.io.UncheckedIOException;

/** An {@link RpcException} thrown where a checked exception cannot be (an iterator). */
public final class UncheckedRpcException extends UncheckedIOException {
    public UncheckedRpcException(RpcException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public RpcException getCause() {
        return (RpcException) super.getCause();
    }
}
