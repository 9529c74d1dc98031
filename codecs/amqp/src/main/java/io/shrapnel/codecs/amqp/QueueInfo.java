package io.shrapnel.codecs.amqp;

/** The broker's answer to a queue declaration: the name (generated if none was asked for) and counts. */
public record QueueInfo(String name, long messageCount, long consumerCount) {}
