package io.shrapnel.codecs.amqp;

import java.io.IOException;

/**
 * The broker (or the client) closed a channel or the connection: carries the AMQP reply code and
 * text ({@code 404 NOT_FOUND - no queue 'q' in vhost '/'}) and the class and method that caused it
 * (0 when none), or says that the connection was lost.
 */
public final class AmqpException extends IOException {
    private final int replyCode;
    private final String replyText;
    private final int classId;
    private final int methodId;
    private final boolean connectionLevel;

    public AmqpException(boolean connectionLevel, int replyCode, String replyText, int classId, int methodId) {
        super((connectionLevel ? "connection" : "channel") + " closed: " + replyCode + " " + replyText
                + (classId != 0 ? " (in method " + classId + "." + methodId + ")" : ""));
        this.connectionLevel = connectionLevel;
        this.replyCode = replyCode;
        this.replyText = replyText;
        this.classId = classId;
        this.methodId = methodId;
    }

    /** The connection was lost or refused before a reply code came; {@code cause} says why. */
    public AmqpException(String message, Throwable cause) {
        super(message, cause);
        this.connectionLevel = true;
        this.replyCode = 0;
        this.replyText = message;
        this.classId = 0;
        this.methodId = 0;
    }

    /** The AMQP reply code (e.g. 404, 406, 320), or 0 when the connection was lost without one. */
    public int replyCode() {
        return replyCode;
    }

    public String replyText() {
        return replyText;
    }

    public int classId() {
        return classId;
    }

    public int methodId() {
        return methodId;
    }

    /** True when the whole connection closed, false when only a channel did. */
    public boolean isConnectionLevel() {
        return connectionLevel;
    }
}
