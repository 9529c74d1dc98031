package io.shrapnel.examples;

import io.shrapnel.kernel.Coro;
import io.shrapnel.monitoring.ProfileReport;
import io.shrapnel.monitoring.Profiler;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The profiler at work: {@code bin/demo profile [report-file]} runs the echo server and 20 clients
 * (1,000 echoes each) under {@link Profiler#run}, writes the report (default
 * {@link Profiler#defaultReportFile()}) and turns it into an HTML page next to it, as
 * {@code bin/profile-report} does.
 */
public final class ProfiledEcho {
    private static final int CLIENTS = 20;
    private static final int ECHOES = 1000;

    private ProfiledEcho() {}

    public static void main(String[] args) throws Exception {
        Path report = args.length > 0 ? Path.of(args[0]) : Profiler.defaultReportFile();
        TcpSock listener = TcpSock.create();
        Coro.spawn("server", () -> {
            listener.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
            listener.listen(TcpServer.defaultBacklog());
            Coro.spawn("clients", () -> clients((InetSocketAddress) listener.localAddress()));
            while (true) {
                TcpSock conn = listener.accept();
                Coro.spawn("session", () -> EchoServer.session(conn));
            }
        });
        Profiler.run(report, Coro::eventLoop);
        listener.close();
        System.out.println("profile of " + CLIENTS + " x " + ECHOES + " echoes in " + report);
        ProfileReport.main(new String[] {report.toString()});
    }

    private static void clients(InetSocketAddress server) {
        List<Coro> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(Coro.spawn("client", () -> echoes(server)));
        }
        clients.forEach(Coro::join);
        Coro.setExit(0);
    }

    private static void echoes(InetSocketAddress server) throws IOException {
        byte[] message = new byte[64];
        try (TcpSock s = TcpSock.create()) {
            s.connect(server);
            for (int i = 0; i < ECHOES; i++) {
                s.sendAll(message);
                s.recvExact(message.length);
            }
        }
    }
}
