package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.WireWriter;
import org.junit.jupiter.api.Test;

class ContentAssemblerTest {
    private static Frame method(Method m) {
        WireWriter w = new WireWriter(1);
        m.encode(w);
        return new Frame(Frame.METHOD, 1, w.toByteArray());
    }

    private static Frame header(long size) {
        WireWriter w = new WireWriter(1);
        w.shortInt(60).shortInt(0).longLong(size).shortInt(0x1000).octet(2); // delivery mode 2
        return new Frame(Frame.HEADER, 1, w.toByteArray());
    }

    private static Frame body(byte[] b) {
        return new Frame(Frame.BODY, 1, b);
    }

    private static Frame body(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return body(b);
    }

    private static final Method DELIVER = Method.of(MethodSpec.BASIC_DELIVER, "t", 1L, false, "", "q");

    @Test
    void methodsWithoutContentAreCompleteAtOnce() throws Exception {
        ContentAssembler a = new ContentAssembler(1, 10);
        ContentAssembler.Complete c = a.accept(method(Method.of(MethodSpec.BASIC_QOS_OK)));
        assertEquals(MethodSpec.BASIC_QOS_OK, c.method().spec());
        assertNull(c.properties());
    }

    @Test
    void contentIsJoinedUpToTheHeadersSize() throws Exception {
        ContentAssembler a = new ContentAssembler(1, 10);
        assertNull(a.accept(method(DELIVER)));
        assertNull(a.accept(header(10)));
        assertNull(a.accept(body(1, 2, 3, 4)));
        ContentAssembler.Complete c = a.accept(body(5, 6, 7, 8, 9, 10));
        assertEquals(DELIVER, c.method());
        assertEquals(2, c.properties().deliveryMode());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, c.body());
        assertNull(a.accept(method(DELIVER))); // ready for the next message
        ContentAssembler.Complete empty = a.accept(header(0));
        assertEquals(0, empty.body().length);
    }

    @Test
    void aBodyOfExactlyTheLimitIsTakenOneMoreIsNot() throws Exception {
        ContentAssembler a = new ContentAssembler(1, 3);
        a.accept(method(DELIVER));
        assertNull(a.accept(header(3)));
        assertEquals(3, a.accept(body(1, 2, 3)).body().length);
        a.accept(method(DELIVER));
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class, () -> a.accept(header(4)));
        assertEquals(501, e.replyCode());
        assertEquals("message of 4 bytes on channel 1 is larger than the limit of 3", e.getMessage());
        ContentAssembler b = new ContentAssembler(1, 3);
        b.accept(method(DELIVER));
        assertThrows(AmqpProtocolException.class, () -> b.accept(header(-1)));
    }

    @Test
    void framesOutOfOrderAreUnexpected() throws Exception {
        ContentAssembler a = new ContentAssembler(2, 100);
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class, () -> a.accept(header(1)));
        assertEquals(505, e.replyCode());
        assertEquals("channel 2: a content header where a method should come", e.getMessage());
        a.accept(method(DELIVER));
        e = assertThrows(AmqpProtocolException.class, () -> a.accept(body(1)));
        assertEquals("channel 2: a body frame where a content header should come", e.getMessage());
        e = assertThrows(AmqpProtocolException.class, () -> a.accept(method(DELIVER)));
        assertEquals("channel 2: a method frame where the content of BASIC_DELIVER should come", e.getMessage());
        a.accept(header(2));
        e = assertThrows(AmqpProtocolException.class, () -> a.accept(header(2)));
        assertEquals("channel 2: a content header where body frames should come", e.getMessage());
        e = assertThrows(AmqpProtocolException.class, () -> a.accept(body(1, 2, 3)));
        assertEquals("channel 2: a body frame past the size in the header (2) where a method should come", e.getMessage());
    }

    @Test
    void largeBodiesGrowTheirBufferAsFramesCome() throws Exception {
        ContentAssembler a = new ContentAssembler(1, 1 << 20);
        a.accept(method(DELIVER));
        a.accept(header(200_000));
        byte[] chunk = new byte[50_000];
        ContentAssembler.Complete c = null;
        for (int i = 0; i < 4; i++) {
            java.util.Arrays.fill(chunk, (byte) i);
            c = a.accept(body(chunk.clone()));
        }
        assertEquals(200_000, c.body().length);
        assertEquals(3, c.body()[199_999]);
        assertEquals(0, c.body()[0]);
        assertEquals(1, c.body()[50_000]);
    }
}
