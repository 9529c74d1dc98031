package io.shrapnel.codecs.amqp;

/** A mandatory message the broker could not route, sent back with basic.return (e.g. 312 NO_ROUTE). */
public record Returned(int replyCode, String replyText, String exchange, String routingKey, Properties properties,
        byte[] body) {}
