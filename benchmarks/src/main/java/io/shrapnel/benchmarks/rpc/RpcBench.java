package io.shrapnel.benchmarks.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.shrapnel.kernel.Coro;
import io.shrapnel.rpc.Call;
import io.shrapnel.rpc.CallOptions;
import io.shrapnel.rpc.Channel;
import io.shrapnel.rpc.RpcConfig;
import io.shrapnel.rpc.RpcServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Side-by-side RPC benchmark, ours against gRPC-java, one stack per JVM (bin/rpc-bench runs it):
 * <pre>
 *   RpcBench server ours|grpc PORT
 *   RpcBench client ours|grpc PORT SERVER_PID unary|bidi IN_FLIGHT WARMUP_S MEASURE_S
 * </pre>
 * The client prints one line: calls (or messages) per second, p50 and p99 of a call in
 * microseconds (unary), and the server's CPU time per call (utime + stime of SERVER_PID from
 * /proc over the measured window). Messages are 16-byte BytesValues.
 */
public final class RpcBench {
    static final BytesValue MESSAGE = BytesValue.of(ByteString.copyFrom(new byte[14]));

    private RpcBench() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            if (args[1].equals("ours")) {
                Coro.spawn("main", () -> {
                    RpcServer.start(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])), RpcConfig.DEFAULT,
                            BenchService::ours);
                    System.out.println("READY");
                });
                Coro.eventLoop();
            } else {
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])))
                        .directExecutor().addService(grpcService()).build().start();
                System.out.println("READY");
                server.awaitTermination();
            }
            return;
        }
        Client c = new Client(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), args[4],
                Integer.parseInt(args[5]), Double.parseDouble(args[6]), Double.parseDouble(args[7]));
        if (args[1].equals("ours")) {
            Coro.spawn("main", () -> {
                c.runOurs();
                Coro.setExit(0);
            });
            Coro.eventLoop();
        } else {
            c.runGrpc();
        }
        System.exit(0);
    }

    static ServerServiceDefinition grpcService() {
        return ServerServiceDefinition.builder(BenchService.NAME)
                .addMethod(BenchService.GRPC_UNARY, ServerCalls.asyncUnaryCall((req, obs) -> {
                    obs.onNext(req);
                    obs.onCompleted();
                }))
                .addMethod(BenchService.GRPC_BIDI, ServerCalls.asyncBidiStreamingCall(obs -> new StreamObserver<>() {
                    @Override
                    public void onNext(BytesValue v) {
                        obs.onNext(v);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {
                        obs.onCompleted();
                    }
                }))
                .build();
    }

    /** utime + stime of {@code pid} in nanoseconds (from clock ticks of 10 ms). */
    static long cpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    /** Latencies of the measured window, per worker, merged at the end. */
    static final class Recorder {
        long[] values = new long[1 << 16];
        int n;

        void add(long v) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        }
    }

    static final class Client {
        final String stack;
        final int port;
        final long serverPid;
        final String mode;
        final int inFlight;
        final long warmupNanos;
        final long measureNanos;
        final List<Recorder> recorders = new ArrayList<>();
        final AtomicLong count = new AtomicLong();
        volatile boolean measuring;
        volatile boolean stop;

        Client(String stack, int port, long serverPid, String mode, int inFlight, double warmup, double measure) {
            this.stack = stack;
            this.port = port;
            this.serverPid = serverPid;
            this.mode = mode;
            this.inFlight = inFlight;
            this.warmupNanos = (long) (warmup * 1e9);
            this.measureNanos = (long) (measure * 1e9);
        }

        synchronized Recorder recorder() {
            Recorder r = new Recorder();
            recorders.add(r);
            return r;
        }

        void runOurs() throws Exception {
            Channel channel = Channel.connect("127.0.0.1", port);
            for (int i = 0; i < inFlight; i++) {
                Recorder rec = recorder();
                Coro.spawn(mode.equals("unary") ? () -> {
                    while (!stop) {
                        long t0 = System.nanoTime();
                        channel.unary(BenchService.UNARY, MESSAGE, CallOptions.DEFAULT);
                        if (measuring) {
                            rec.add(System.nanoTime() - t0);
                            count.incrementAndGet();
                        }
                    }
                } : () -> {
                    Call<BytesValue, BytesValue> call = channel.bidi(BenchService.BIDI, CallOptions.DEFAULT);
                    for (int k = 0; k < 32; k++) {
                        call.send(MESSAGE);
                    }
                    while (!stop) {
                        call.receive();
                        if (measuring) {
                            count.incrementAndGet();
                        }
                        call.send(MESSAGE);
                    }
                    call.cancel();
                });
            }
            Coro.sleep(java.time.Duration.ofNanos(warmupNanos));
            measureAndReport(() -> Coro.sleep(java.time.Duration.ofNanos(measureNanos)));
            stop = true;
            Coro.sleep(java.time.Duration.ofMillis(200));
            channel.close();
        }

        void runGrpc() throws Exception {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                    .directExecutor().build();
            for (int i = 0; i < inFlight; i++) {
                Recorder rec = recorder();
                if (mode.equals("unary")) {
                    unaryLoop(channel, rec);
                } else {
                    bidiLoop(channel);
                }
            }
            Thread.sleep(warmupNanos / 1_000_000);
            measureAndReport(() -> Thread.sleep(measureNanos / 1_000_000));
            stop = true;
            channel.shutdownNow();
        }

        private void unaryLoop(ManagedChannel channel, Recorder rec) {
            long t0 = System.nanoTime();
            ClientCalls.asyncUnaryCall(channel.newCall(BenchService.GRPC_UNARY, io.grpc.CallOptions.DEFAULT), MESSAGE,
                    new StreamObserver<>() {
                        @Override
                        public void onNext(BytesValue v) {}

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onCompleted() {
                            if (measuring) {
                                synchronized (rec) {
                                    rec.add(System.nanoTime() - t0);
                                }
                                count.incrementAndGet();
                            }
                            if (!stop) {
                                unaryLoop(channel, rec);
                            }
                        }
                    });
        }

        private void bidiLoop(ManagedChannel channel) {
            StreamObserver<BytesValue>[] out = new StreamObserver[1];
            out[0] = ClientCalls.asyncBidiStreamingCall(channel.newCall(BenchService.GRPC_BIDI, io.grpc.CallOptions.DEFAULT),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(BytesValue v) {
                            if (measuring) {
                                count.incrementAndGet();
                            }
                            if (!stop) {
                                out[0].onNext(MESSAGE);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onCompleted() {}
                    });
            for (int k = 0; k < 32; k++) {
                out[0].onNext(MESSAGE);
            }
        }

        interface Wait {
            void run() throws Exception;
        }

        void measureAndReport(Wait window) throws Exception {
            long cpu0 = cpuNanos(serverPid);
            long t0 = System.nanoTime();
            measuring = true;
            window.run();
            measuring = false;
            long elapsed = System.nanoTime() - t0;
            long cpu = cpuNanos(serverPid) - cpu0;
            long n = count.get();
            long[] all;
            synchronized (this) {
                int total = 0;
                for (Recorder r : recorders) {
                    total += r.n;
                }
                all = new long[total];
                int at = 0;
                for (Recorder r : recorders) {
                    synchronized (r) {
                        System.arraycopy(r.values, 0, all, at, Math.min(r.n, total - at));
                        at += r.n;
                    }
                }
            }
            Arrays.sort(all);
            String lat = all.length == 0 ? "p50 - p99 -" : String.format("p50 %.0f us p99 %.0f us",
                    all[(int) (all.length * 0.50)] / 1e3, all[(int) (all.length * 0.99)] / 1e3);
            System.out.printf("%s %s inflight=%d: %.0f /s, %s, server CPU %.2f us per %s (%.2f cores)%n",
                    stack, mode, inFlight, n * 1e9 / elapsed, lat, cpu / 1e3 / Math.max(1, n),
                    mode.equals("unary") ? "call" : "message", (double) cpu / elapsed);
        }
    }
}
