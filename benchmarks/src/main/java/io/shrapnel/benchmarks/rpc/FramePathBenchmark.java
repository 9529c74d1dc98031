package io.shrapnel.rpc.bench;

import com.google.protobuf.BytesValue;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameDecoder;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The frame path alone, no socket: encode a batch of 1,000 MESSAGE frames (16-byte payloads) into a
 * buffer and decode and parse them back, once with the module's Chronicle Bytes buffers
 * ({@link FrameBuffer}, {@link FrameEncoder}, {@link FrameDecoder}) and once with a plain direct
 * {@link ByteBuffer} doing the same varints by hand. Rounds alternate; prints ns per frame (median
 * of the rounds) for both and the ratio. {@code FramePathBench [rounds] [seconds per round]}.
 */
public final class FramePathBench {
    private static final int BATCH = 1000;
    private static long sink;

    private FramePathBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        double[] chronicle = new double[rounds];
        double[] plain = new double[rounds];
        FrameBuffer buf = new FrameBuffer(64 << 10);
        FrameDecoder decoder = new FrameDecoder(4 << 20);
        ByteBuffer bb = ByteBuffer.allocateDirect(64 << 10);
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            double c = time(seconds, () -> chronicleBatch(buf, decoder));
            double p = time(seconds, () -> plainBatch(bb));
            if (r >= 0) {
                chronicle[r] = c;
                plain[r] = p;
            }
        }
        buf.release();
        Arrays.sort(chronicle);
        Arrays.sort(plain);
        double c = chronicle[rounds / 2];
        double p = plain[rounds / 2];
        System.out.printf("frame path, 16 B payloads, encode+decode+parse: Chronicle Bytes %.1f ns/frame, "
                + "plain ByteBuffer %.1f ns/frame, Chronicle/ByteBuffer %.2f (sink %d)%n", c, p, c / p, sink % 10);
    }

    interface Batch {
        void run() throws Exception;
    }

    private static double time(double seconds, Batch batch) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long frames = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            batch.run();
            frames += BATCH;
        }
        return (System.nanoTime() - t0) / (double) frames;
    }

    private static void chronicleBatch(FrameBuffer buf, FrameDecoder decoder) throws Exception {
        for (int i = 0; i < BATCH; i++) {
            FrameEncoder.write(buf, i + 1, FrameKind.MESSAGE, 0, RpcBench.MESSAGE);
        }
        for (Frame f; (f = decoder.next(buf)) != null; ) {
            sink += BytesValue.parseFrom(CodedInputStream.newInstance(f.payload())).getValue().size() + f.callId();
        }
        buf.compact();
    }

    private static void plainBatch(ByteBuffer bb) throws Exception {
        bb.clear();
        for (int i = 0; i < BATCH; i++) {
            int size = RpcBench.MESSAGE.getSerializedSize();
            long id = i + 1;
            writeVarint(bb, CodedOutputStream.computeUInt64SizeNoTag(id) + 2 + size);
            writeVarint(bb, id);
            bb.put((byte) FrameKind.MESSAGE).put((byte) 0);
            ByteBuffer slice = bb.slice(bb.position(), size);
            CodedOutputStream cos = CodedOutputStream.newInstance(slice);
            RpcBench.MESSAGE.writeTo(cos);
            cos.flush();
            bb.position(bb.position() + size);
        }
        bb.flip();
        while (bb.hasRemaining()) {
            int length = (int) readVarint(bb);
            int end = bb.position() + length;
            long id = readVarint(bb);
            readVarint(bb);
            readVarint(bb);
            ByteBuffer payload = bb.slice(bb.position(), end - bb.position());
            sink += BytesValue.parseFrom(CodedInputStream.newInstance(payload)).getValue().size() + id;
            bb.position(end);
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
