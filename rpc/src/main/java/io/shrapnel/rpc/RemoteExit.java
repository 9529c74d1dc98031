package io.shrapnel.rpc;

/** The reason in a {@link io.shrapnel.mailbox.Down} for a remote actor that exited abnormally, as its node reported it. */
public final class RemoteExit extends Exception {
    public RemoteExit(String reason) {
        super(reason);
    }
}
