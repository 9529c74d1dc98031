package io.shrapnel.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Generated inputs for the frame decoder: random bytes never hang or escape it; valid frames survive any split. */
class FrameDecoderFuzzTest {
    record Spec(long callId, int kind, int flags, byte[] payload) {}

    @Provide
    Arbitrary<Spec> frames() {
        return Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.integers().between(1, FrameKind.MAX),
                Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).as(Spec::new);
    }

    @Property(tries = 300)
    void randomBytesGiveFramesOrAProtocolErrorAndNothingElse(@ForAll @Size(max = 200) byte[] input,
                                                             @ForAll @IntRange(min = 1, max = 64) int chunk) {
        FrameBuffer buf = new FrameBuffer(16);
        FrameDecoder d = new FrameDecoder(64);
        try {
            for (int off = 0; off < input.length; off += chunk) {
                int n = Math.min(chunk, input.length - off);
                buf.room(n).put(input, off, n);
                buf.commit(n);
                for (Frame f; (f = d.next(buf)) != null; ) {
                    assertTrue(f.kind() >= 1 && f.kind() <= FrameKind.MAX);
                    assertTrue(f.oversized() || f.payload().remaining() <= 64);
                }
                buf.compact();
                assertTrue(buf.pendingBytes() <= 64 + 25, "the buffer holds at most one frame");
            }
        } catch (ProtocolError expected) {
            // hostile input ends the connection with a clear error
        } finally {
            buf.release();
        }
    }

    @Property(tries = 200)
    void validFramesSurviveAnySplit(@ForAll @Size(max = 8) List<@From("frames") Spec> specs,
                                    @ForAll @IntRange(min = 1, max = 50) int chunk) throws Exception {
        FrameBuffer out = new FrameBuffer(16);
        for (Spec s : specs) {
            FrameEncoder.write(out, s.callId(), s.kind(), s.flags(),
                    s.payload().length == 0 ? null : BytesValue.of(ByteString.copyFrom(s.payload())));
        }
        ByteBuffer wire = out.pending();
        FrameBuffer in = new FrameBuffer(16);
        FrameDecoder d = new FrameDecoder(1 << 20);
        List<Spec> got = new ArrayList<>();
        while (wire.hasRemaining()) {
            int n = Math.min(chunk, wire.remaining());
            ByteBuffer slice = wire.slice(wire.position(), n);
            wire.position(wire.position() + n);
            in.room(n).put(slice);
            in.commit(n);
            for (Frame f; (f = d.next(in)) != null; ) {
                byte[] payload = f.payloadSize() == 0 ? new byte[0]
                        : BytesValue.parseFrom(f.payload()).getValue().toByteArray();
                got.add(new Spec(f.callId(), f.kind(), f.flags(), payload));
            }
            in.compact();
        }
        out.release();
        in.release();
        assertEquals(specs.size(), got.size());
        for (int i = 0; i < specs.size(); i++) {
            assertEquals(specs.get(i).callId(), got.get(i).callId());
            assertEquals(specs.get(i).kind(), got.get(i).kind());
            assertEquals(specs.get(i).flags(), got.get(i).flags());
            assertEquals(ByteString.copyFrom(specs.get(i).payload()), ByteString.copyFrom(got.get(i).payload()));
        }
    }
}
