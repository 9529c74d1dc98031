package io.shrapnel.codecs.ftp;

import java.io.IOException;

/**
 * The server refused a command, or a transfer failed: carries the server's reply (its code and text).
 * A transfer cut short carries the reply the server sent after it, or a made-up 426 when the data
 * connection ended early while the server still reported success (see {@link #truncated()}).
 */
public class FtpException extends IOException {
    private final FtpReply reply;
    private final boolean truncated;

    public FtpException(String command, FtpReply reply) {
        this(command, reply, false);
    }

    FtpException(String command, FtpReply reply, boolean truncated) {
        super(command + ": " + reply);
        this.reply = reply;
        this.truncated = truncated;
    }

    /** The server's reply. */
    public FtpReply reply() {
        return reply;
    }

    /** The reply code. */
    public int code() {
        return reply.code();
    }

    /** Whether the data of a transfer arrived incomplete although its connection ended. */
    public boolean truncated() {
        return truncated;
    }
}
