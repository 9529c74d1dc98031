package io.shrapnel.codecs.postgres;

/** A NOTIFY received on a channel this connection LISTENs to, as a message for an actor's mailbox. */
public record PgNotification(int processId, String channel, String payload) {}
