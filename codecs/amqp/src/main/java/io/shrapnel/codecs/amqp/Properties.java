package io.shrapnel.codecs.amqp;

import java.time.Instant;
import java.util.Map;

/**
 * The fourteen basic-class message properties; null means absent. Build with
 * {@code Properties.builder().contentType("text/plain").persistent().build()}.
 *
 * @param headers a field table (see {@link FieldValue} for the value types)
 * @param deliveryMode 1 transient, 2 persistent
 * @param priority 0-9
 * @param timestamp whole seconds
 */
public record Properties(String contentType, String contentEncoding, Map<String, Object> headers,
        Integer deliveryMode, Integer priority, String correlationId, String replyTo, String expiration,
        String messageId, Instant timestamp, String type, String userId, String appId, String clusterId) {

    /** No properties at all. */
    public static final Properties EMPTY = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these properties. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.contentType = contentType;
        b.contentEncoding = contentEncoding;
        b.headers = headers;
        b.deliveryMode = deliveryMode;
        b.priority = priority;
        b.correlationId = correlationId;
        b.replyTo = replyTo;
        b.expiration = expiration;
        b.messageId = messageId;
        b.timestamp = timestamp;
        b.type = type;
        b.userId = userId;
        b.appId = appId;
        b.clusterId = clusterId;
        return b;
    }

    /** Builds {@link Properties}; every setter takes null for "absent". */
    public static final class Builder {
        private String contentType;
        private String contentEncoding;
        private Map<String, Object> headers;
        private Integer deliveryMode;
        private Integer priority;
        private String correlationId;
        private String replyTo;
        private String expiration;
        private String messageId;
        private Instant timestamp;
        private String type;
        private String userId;
        private String appId;
        private String clusterId;

        private Builder() {}

        public Builder contentType(String v) {
            contentType = v;
            return this;
        }

        public Builder contentEncoding(String v) {
            contentEncoding = v;
            return this;
        }

        public Builder headers(Map<String, Object> v) {
            headers = v;
            return this;
        }

        public Builder deliveryMode(Integer v) {
            deliveryMode = v;
            return this;
        }

        /** Delivery mode 2: the broker writes the message to disk in a durable queue. */
        public Builder persistent() {
            return deliveryMode(2);
        }

        public Builder priority(Integer v) {
            priority = v;
            return this;
        }

        public Builder correlationId(String v) {
            correlationId = v;
            return this;
        }

        public Builder replyTo(String v) {
            replyTo = v;
            return this;
        }

        /** Per-message TTL in milliseconds, as a decimal string. */
        public Builder expiration(String v) {
            expiration = v;
            return this;
        }

        public Builder messageId(String v) {
            messageId = v;
            return this;
        }

        public Builder timestamp(Instant v) {
            timestamp = v;
            return this;
        }

        public Builder type(String v) {
            type = v;
            return this;
        }

        /** Checked by RabbitMQ: must be the connection's user name if present. */
        public Builder userId(String v) {
            userId = v;
            return this;
        }

        public Builder appId(String v) {
            appId = v;
            return this;
        }

        public Builder clusterId(String v) {
            clusterId = v;
            return this;
        }

        public Properties build() {
            return new Properties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                    replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
        }
    }
}
