package io.shrapnel.codecs.amqp;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.FrameReader;
import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.WireReader;
import io.shrapnel.net.Conn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The opening dialogue on channel 0: protocol header, start/start-ok (PLAIN or EXTERNAL),
 * tune/tune-ok, open/open-ok. Runs in the coro that opens the connection, before the reader exists.
 */
final class Handshake {
    static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    record Tuned(int channelMax, int frameMax, int heartbeatSeconds, Map<String, Object> serverProperties) {}

    private final Conn conn;
    private final FrameReader reader;
    private final AmqpConfig config;

    Handshake(Conn conn, FrameReader reader, AmqpConfig config) {
        this.conn = conn;
        this.reader = reader;
        this.config = config;
    }

    Tuned run() throws IOException {
        conn.sendAll(PROTOCOL_HEADER);
        Method start = expect(MethodSpec.CONNECTION_START);
        String mechanisms = new String(start.bytes(3), StandardCharsets.UTF_8);
        String mechanism = config.external() ? "EXTERNAL" : "PLAIN";
        if (!(" " + mechanisms + " ").contains(" " + mechanism + " ")) {
            throw new AmqpException("the broker offers SASL mechanisms [" + mechanisms + "], not " + mechanism, null);
        }
        byte[] response = config.external() ? new byte[0]
                : ("\0" + config.username() + "\0" + config.password()).getBytes(StandardCharsets.UTF_8);
        send(Method.of(MethodSpec.CONNECTION_START_OK, clientProperties(), mechanism, response, "en_US"));
        Method tune = expect(MethodSpec.CONNECTION_TUNE);
        int channelMax = negotiate(config.channelMax(), tune.integer(0));
        int frameMax = negotiate(config.frameMax(), (int) tune.longValue(1));
        int heartbeat = negotiate((int) config.heartbeat().toSeconds(), tune.integer(2));
        send(Method.of(MethodSpec.CONNECTION_TUNE_OK, channelMax, (long) frameMax, heartbeat));
        reader.frameMax(frameMax);
        send(Method.of(MethodSpec.CONNECTION_OPEN, config.virtualHost(), "", false));
        expect(MethodSpec.CONNECTION_OPEN_OK);
        return new Tuned(channelMax, frameMax, heartbeat, start.table(2));
    }

    /** Both sides' limits: the lower one, where zero means "no limit" (as RabbitMQ's clients read it). */
    static int negotiate(int client, int server) {
        return client == 0 || server == 0 ? Math.max(client, server) : Math.min(client, server);
    }

    private Map<String, Object> clientProperties() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("basic.nack", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("authentication_failure_close", true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("product", "Shrapnel for Java");
        p.put("platform", "Java " + Runtime.version());
        p.put("connection_name", config.connectionName());
        p.put("capabilities", capabilities);
        return p;
    }

    private void send(Method m) throws IOException {
        conn.sendAll(FrameWriter.method(0, m));
    }

    /** The next method on channel 0, which must be {@code spec}; a connection.close becomes its AmqpException. */
    private Method expect(MethodSpec spec) throws IOException {
        Frame f = reader.next();
        if (f.type() != Frame.METHOD || f.channel() != 0) {
            throw new AmqpProtocolException(505, "expected " + spec + " on channel 0, got a frame of type "
                    + f.type() + " on channel " + f.channel());
        }
        Method m = Method.decode(new WireReader(f.payload()));
        if (m.spec() == MethodSpec.CONNECTION_CLOSE) {
            send(Method.of(MethodSpec.CONNECTION_CLOSE_OK));
            throw new AmqpException(true, m.integer(0), m.str(1), m.integer(2), m.integer(3));
        }
        if (m.spec() != spec) {
            throw new AmqpProtocolException(503, "expected " + spec + ", got " + m.spec());
        }
        return m;
    }
}
