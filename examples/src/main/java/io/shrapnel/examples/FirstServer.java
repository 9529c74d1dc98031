package io.shrapnel.examples;

// README: your first server (begin)
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** An echo server: one coro accepts, one coro per connection echoes. Try it with nc 127.0.0.1 9000. */
public final class FirstServer {
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        // A critical coro: if it dies (the port is taken...), the loop ends with exit code 70.
        Coro.spawnCritical("acceptor", () -> serve(port));
        System.exit(Coro.eventLoop()); // runs the coros until one calls Coro.setExit(code)
    }

    static void serve(int port) throws IOException {
        TcpSock listener = TcpSock.create();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener.listen(1024);
        System.out.println("listening on " + listener.localAddress());
        while (true) {
            TcpSock conn = listener.accept();              // parks this coro, not the thread
            Coro.spawn("echo " + conn.peerAddress(), () -> {
                try (conn) {
                    byte[] block;
                    while ((block = conn.recv(4096)).length > 0) {
                        conn.sendAll(block);
                    }
                }
            });
        }
    }
}
// README: your first server (end)
