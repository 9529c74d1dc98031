package io.shrapnel.benchmarks.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per idle connection: a server holds {@code n} connections that each wait for a first
 * byte (a parked coro, a blocked virtual thread, a Netty channel, a registered key), and reports
 * its heap after GC and its RSS before and after. The clients (this JVM) come from several
 * 127.0.x.y source addresses, so the count is not capped by one address's ephemeral ports; it is
 * capped by the descriptor limit of a process, which the harness reports.
 *
 * <pre>java -cp benchmarks.jar io.shrapnel.benchmarks.net.IdleConnectionMemory 19000 shrapnel,vthreads,netty-nio,nio [warm-up connections] [request]</pre>
 *
 * <p>With {@code request} (HTTP kinds only) each connection first sends one kept-alive {@code GET /}
 * and reads its answer: what is measured is then a kept-alive connection waiting for its next request,
 * 2 s after its answer (both servers alike).
 *
 * <p>Threading: one thread.
 */
public final class IdleConnectionMemory {
    private IdleConnectionMemory() {}

    public static void main(String[] args) throws Exception {
        long limit = descriptorLimit();
        int wanted = Integer.parseInt(args.length > 0 ? args[0] : "100000");
        int n = (int) Math.min(wanted, limit - 500);
        if (n < wanted) {
            System.out.println("descriptor limit " + limit + " (ulimit -n, hard limit of this machine): " + n
                    + " connections instead of " + wanted);
        }
        String kinds = args.length > 1 ? args[1] : "shrapnel,vthreads,netty-nio,nio";
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        boolean request = args.length > 3 && args[3].equals("request");
        if (request) {
            System.out.println("each measured connection first sends one kept-alive GET and reads its response");
        }
        if (warm > 0) {
            System.out.println("each server first serves " + warm + " connections that connect, say nothing and close"
                    + " (a server that has run a while: its connection path compiled)");
        }
        System.out.println("| server | connections | heap per connection | RSS per connection |");
        System.out.println("|---|---|---|---|");
        for (String kind : kinds.split(",")) {
            measure(kind, n, warm, request);
        }
    }

    private static void measure(String kind, int n, int warm, boolean request) throws Exception {
        try (ServerProcess server = ServerProcess.start(kind, null, "4g")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), server.port());
            warmUp(server, to, warm);
            long[] before = server.stat();
            List<SocketChannel> conns = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    SocketChannel c = SocketChannel.open();
                    conns.add(c);
                    // 127.0.1.1 ... 127.0.1.8 as sources: 8 x 28,000 ephemeral ports
                    c.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.1." + (1 + i % 8)), 0));
                    c.connect(to);
                }
                if (request) {
                    oneRequestEach(conns);
                    // a harness, not a test: kept-alive connections idle past HttpServer's
                    // keepCoroWhileIdle (1 s), as most of a real server's are
                    Thread.sleep(2_000);
                }
                long[] after = server.stat();
                for (int tries = 0; after[2] - before[2] < n && tries < 100; tries++) {
                    Thread.sleep(100); // the server accepts at its own pace; poll its count
                    after = server.stat();
                }
                long accepted = after[2] - before[2];
                System.out.printf("| %s | %,d | %,d B | %,d B |%n", kind, accepted,
                        (after[0] - before[0]) / Math.max(1, accepted), (after[1] - before[1]) * 1024 / Math.max(1, accepted));
                System.out.flush();
            } finally {
                for (SocketChannel c : conns) {
                    c.close();
                }
            }
        }
    }

    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Sends one GET on every connection, then reads each answer (a response ends in the body "ok"). */
    private static void oneRequestEach(List<SocketChannel> conns) throws IOException {
        for (SocketChannel c : conns) {
            c.write(ByteBuffer.wrap(GET));
        }
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (SocketChannel c : conns) {
            buf.clear();
            while (!endsWithOk(buf)) {
                if (c.read(buf) < 0) {
                    throw new IOException("the server closed a connection before answering");
                }
            }
        }
    }

    private static boolean endsWithOk(ByteBuffer buf) {
        int p = buf.position();
        return p >= 6 && buf.get(p - 6) == '\r' && buf.get(p - 3) == '\n' && buf.get(p - 2) == 'o' && buf.get(p - 1) == 'k';
    }

    /** {@code warm} connections, 5,000 at a time, each opened and closed unheard once all are accepted. */
    private static void warmUp(ServerProcess server, InetSocketAddress to, int warm) throws Exception {
        long base = server.stat()[2];
        for (int done = 0; done < warm; ) {
            int batch = Math.min(5_000, warm - done);
            List<SocketChannel> conns = new ArrayList<>(batch);
            try {
                for (int i = 0; i < batch; i++) {
                    SocketChannel c = SocketChannel.open();
                    conns.add(c);
                    c.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.2." + (1 + i % 8)), 0));
                    c.connect(to);
                }
                done += batch;
                for (int tries = 0; server.stat()[2] - base < done && tries < 100; tries++) {
                    Thread.sleep(100); // the server accepts at its own pace; poll its count
                }
            } finally {
                for (SocketChannel c : conns) {
                    c.close();
                }
            }
        }
        if (warm > 0) {
            Thread.sleep(2_000); // a harness, not a test: the server sees the closes and its sessions end
        }
    }

    private static long descriptorLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        return 1024;
    }
}
