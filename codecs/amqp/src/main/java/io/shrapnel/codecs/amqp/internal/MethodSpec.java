package io.shrapnel.codecs.amqp.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Every AMQP 0-9-1 method (with RabbitMQ's extensions: confirms, basic.nack, connection.blocked,
 * update-secret) and its argument list, one letter per argument: {@code o} octet, {@code s} short,
 * {@code l} long, {@code L} long long, {@code n} short string, {@code S} long string, {@code b} bit,
 * {@code F} field table. One generic codec ({@link Method}) reads and writes them all.
 */
public enum MethodSpec {
    CONNECTION_START(10, 10, "ooFSS"),
    CONNECTION_START_OK(10, 11, "FnSn"),
    CONNECTION_SECURE(10, 20, "S"),
    CONNECTION_SECURE_OK(10, 21, "S"),
    CONNECTION_TUNE(10, 30, "sls"),
    CONNECTION_TUNE_OK(10, 31, "sls"),
    CONNECTION_OPEN(10, 40, "nnb"),
    CONNECTION_OPEN_OK(10, 41, "n"),
    CONNECTION_CLOSE(10, 50, "snss"),
    CONNECTION_CLOSE_OK(10, 51, ""),
    CONNECTION_BLOCKED(10, 60, "n"),
    CONNECTION_UNBLOCKED(10, 61, ""),
    CONNECTION_UPDATE_SECRET(10, 70, "Sn"),
    CONNECTION_UPDATE_SECRET_OK(10, 71, ""),
    CHANNEL_OPEN(20, 10, "n"),
    CHANNEL_OPEN_OK(20, 11, "S"),
    CHANNEL_FLOW(20, 20, "b"),
    CHANNEL_FLOW_OK(20, 21, "b"),
    CHANNEL_CLOSE(20, 40, "snss"),
    CHANNEL_CLOSE_OK(20, 41, ""),
    EXCHANGE_DECLARE(40, 10, "snnbbbbbF"),
    EXCHANGE_DECLARE_OK(40, 11, ""),
    EXCHANGE_DELETE(40, 20, "snbb"),
    EXCHANGE_DELETE_OK(40, 21, ""),
    EXCHANGE_BIND(40, 30, "snnnbF"),
    EXCHANGE_BIND_OK(40, 31, ""),
    EXCHANGE_UNBIND(40, 40, "snnnbF"),
    EXCHANGE_UNBIND_OK(40, 51, ""),
    QUEUE_DECLARE(50, 10, "snbbbbbF"),
    QUEUE_DECLARE_OK(50, 11, "nll"),
    QUEUE_BIND(50, 20, "snnnbF"),
    QUEUE_BIND_OK(50, 21, ""),
    QUEUE_PURGE(50, 30, "snb"),
    QUEUE_PURGE_OK(50, 31, "l"),
    QUEUE_DELETE(50, 40, "snbbb"),
    QUEUE_DELETE_OK(50, 41, "l"),
    QUEUE_UNBIND(50, 50, "snnnF"),
    QUEUE_UNBIND_OK(50, 51, ""),
    BASIC_QOS(60, 10, "lsb"),
    BASIC_QOS_OK(60, 11, ""),
    BASIC_CONSUME(60, 20, "snnbbbbF"),
    BASIC_CONSUME_OK(60, 21, "n"),
    BASIC_CANCEL(60, 30, "nb"),
    BASIC_CANCEL_OK(60, 31, "n"),
    BASIC_PUBLISH(60, 40, "snnbb"),
    BASIC_RETURN(60, 50, "snnn"),
    BASIC_DELIVER(60, 60, "nLbnn"),
    BASIC_GET(60, 70, "snb"),
    BASIC_GET_OK(60, 71, "Lbnnl"),
    BASIC_GET_EMPTY(60, 72, "n"),
    BASIC_ACK(60, 80, "Lb"),
    BASIC_REJECT(60, 90, "Lb"),
    BASIC_RECOVER_ASYNC(60, 100, "b"),
    BASIC_RECOVER(60, 110, "b"),
    BASIC_RECOVER_OK(60, 111, ""),
    BASIC_NACK(60, 120, "Lbb"),
    CONFIRM_SELECT(85, 10, "b"),
    CONFIRM_SELECT_OK(85, 11, ""),
    TX_SELECT(90, 10, ""),
    TX_SELECT_OK(90, 11, ""),
    TX_COMMIT(90, 20, ""),
    TX_COMMIT_OK(90, 21, ""),
    TX_ROLLBACK(90, 30, ""),
    TX_ROLLBACK_OK(90, 31, "");

    private static final Map<Integer, MethodSpec> BY_ID = new HashMap<>();

    static {
        for (MethodSpec m : values()) {
            BY_ID.put(m.classId << 16 | m.methodId, m);
        }
    }

    final int classId;
    final int methodId;
    final String args;

    MethodSpec(int classId, int methodId, String args) {
        this.classId = classId;
        this.methodId = methodId;
        this.args = args;
    }

    public int classId() {
        return classId;
    }

    public int methodId() {
        return methodId;
    }

    /** True for the methods followed by a content header and body frames. */
    public boolean hasContent() {
        return this == BASIC_PUBLISH || this == BASIC_RETURN || this == BASIC_DELIVER || this == BASIC_GET_OK;
    }

    /** The method with these ids, or null. */
    public static MethodSpec of(int classId, int methodId) {
        return BY_ID.get(classId << 16 | methodId);
    }
}
