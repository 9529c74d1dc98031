package io.shrapnel.benchmarks.rpc;

import com.google.protobuf.BytesValue;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameDecoder;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rpc frame path alone, no socket, in ns per frame: a batch of 1,000 MESSAGE frames with 16-byte
 * protobuf payloads ({@code BytesValue}) encoded into a buffer ({@code *Encode}), or encoded, cut out
 * again and parsed ({@code *RoundTrip}), or only the frame headers written ({@code *Header}). Once with the module's Chronicle Bytes path
 * ({@link FrameBuffer}: an elastic off-heap {@code Bytes}, stop-bit header writes, protobuf written
 * straight into its memory; {@link FrameDecoder}), once with a plain direct {@link ByteBuffer} doing
 * the same frame layout (varint length, call id, kind, flags, payload) by hand. Both end in the same
 * protobuf calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Thread)
public class FramePathBenchmark {
    static final int BATCH = 1000;
    private static final BytesValue MESSAGE = RpcBench.MESSAGE;

    private FrameBuffer chronicle;
    private FrameDecoder decoder;
    private ByteBuffer plain;

    @Setup(Level.Trial)
    public void setUp() {
        chronicle = new FrameBuffer(64 << 10);
        decoder = new FrameDecoder(4 << 20);
        plain = ByteBuffer.allocateDirect(64 << 10);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        chronicle.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long chronicleEncode() {
        encodeChronicle();
        long n = chronicle.pendingBytes();
        chronicle.consume((int) n);
        chronicle.compact();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long byteBufferEncode() throws IOException {
        encodePlain();
        return plain.position();
    }

    /** The header alone (four varints: length, call id, kind, flags) with Chronicle's stop-bit writes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long chronicleHeader() {
        var b = chronicle.bytes();
        for (int i = 0; i < BATCH; i++) {
            b.writeStopBit(19);
            b.writeStopBit(i + 1);
            b.writeStopBit(FrameKind.MESSAGE);
            b.writeStopBit(0);
        }
        long n = chronicle.pendingBytes();
        chronicle.consume((int) n);
        chronicle.compact();
        return n;
    }

    /** The header alone, written by hand into the direct ByteBuffer. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long byteBufferHeader() {
        ByteBuffer bb = plain.clear();
        for (int i = 0; i < BATCH; i++) {
            writeVarint(bb, 19);
            writeVarint(bb, i + 1);
            bb.put((byte) FrameKind.MESSAGE).put((byte) 0);
        }
        return bb.position();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long chronicleRoundTrip() throws Exception {
        encodeChronicle();
        long sink = 0;
        for (Frame f; (f = decoder.next(chronicle)) != null; ) {
            sink += BytesValue.parseFrom(CodedInputStream.newInstance(f.payload())).getValue().size() + f.callId();
        }
        chronicle.compact();
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long byteBufferRoundTrip() throws IOException {
        encodePlain();
        ByteBuffer bb = plain.flip();
        long sink = 0;
        while (bb.hasRemaining()) {
            int length = (int) readVarint(bb);
            int end = bb.position() + length;
            long id = readVarint(bb);
            readVarint(bb); // kind
            readVarint(bb); // flags
            ByteBuffer payload = bb.slice(bb.position(), end - bb.position());
            sink += BytesValue.parseFrom(CodedInputStream.newInstance(payload)).getValue().size() + id;
            bb.position(end);
        }
        return sink;
    }

    private void encodeChronicle() {
        for (int i = 0; i < BATCH; i++) {
            FrameEncoder.write(chronicle, i + 1, FrameKind.MESSAGE, 0, MESSAGE);
        }
    }

    private void encodePlain() throws IOException {
        ByteBuffer bb = plain.clear();
        for (int i = 0; i < BATCH; i++) {
            int size = MESSAGE.getSerializedSize();
            long id = i + 1;
            writeVarint(bb, CodedOutputStream.computeUInt64SizeNoTag(id) + 2 + size);
            writeVarint(bb, id);
            bb.put((byte) FrameKind.MESSAGE).put((byte) 0);
            CodedOutputStream cos = CodedOutputStream.newInstance(bb.slice(bb.position(), size));
            MESSAGE.writeTo(cos);
            cos.flush();
            bb.position(bb.position() + size);
        }
    }

    private static void writeVarint(ByteBuffer bb, long v) {
        while ((v & ~0x7FL) != 0) {
            bb.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        bb.put((byte) v);
    }

    private static long readVarint(ByteBuffer bb) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bb.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }
}
