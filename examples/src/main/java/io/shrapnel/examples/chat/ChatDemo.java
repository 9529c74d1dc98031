package io.shrapnel.examples.chat;

import io.shrapnel.codecs.http.HttpServer;
import io.shrapnel.codecs.http.Router;
import io.shrapnel.codecs.http.StatusPage;
import io.shrapnel.dashboard.Dashboard;
import io.shrapnel.dashboard.DashboardOptions;
import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ChildSpec;
import io.shrapnel.mailbox.Supervisor;
import io.shrapnel.mailbox.SupervisorSpec;
import io.shrapnel.monitoring.Backdoor;
import io.shrapnel.monitoring.Monitoring;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The main demo ({@code bin/demo}): a chat server, the library's main job in one program. Chat over
 * telnet and over a WebSocket page served by the library's HTTP server; each connection is a coro,
 * each room an actor, the rooms registry an actor under a supervisor that {@code GET /rooms} asks;
 * the backdoor on a Unix socket, the JMX MXBeans and the web dashboard on.
 *
 * <pre>
 * bin/demo [--telnet-port 7000] [--http-port 7080] [--dashboard-port 7090] [--backdoor /tmp/shrapnel-demo.bd]
 * </pre>
 */
public final class ChatDemo {
    private ChatDemo() {}

    public static void main(String[] args) throws IOException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        // The backdoor and the MXBeans first, outside the loop: their first use of the JDK's JShell
        // and JMX machinery takes a second that would otherwise hold the loop.
        try (Backdoor.Listening backdoor = Backdoor.unix(options.backdoor()).start()) {
            // The dashboard runs on a loop of its own and reads the MXBeans, as JConsole would.
            Dashboard dashboard = Dashboard.start(DashboardOptions.builder().port(options.dashboardPort()).build());
            Coro.spawnCritical("main", () -> start(options, dashboard.url())); // makes the default loop: registered next
            Monitoring.registerMBeans();
            int code = Coro.eventLoop();
            dashboard.close();
            if (code != 0) {
                System.exit(code);
            }
        }
    }

    private static void start(DemoOptions options, String dashboardUrl) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Supervisor.start("chat-sup", SupervisorSpec.oneForOne()
                .intensity(5, Duration.ofSeconds(10))
                .child(ChildSpec.permanent(Rooms.NAME, Rooms::start)));
        TcpSock telnet = TelnetChat.listen(new InetSocketAddress(loopback, options.telnetPort()));
        Coro.spawn("chat-telnet-accept", () -> TelnetChat.serve(telnet));
        HttpServer http = HttpServer.builder()
                .address(new InetSocketAddress(loopback, options.httpPort()))
                .handler(routes()).build().start();
        String web = "http://127.0.0.1:" + http.port();
        int telnetPort = ((InetSocketAddress) telnet.localAddress()).getPort();
        System.out.println("""
                Shrapnel chat: each connection a coro, each room an actor, the rooms registry an actor under a supervisor
                  telnet chat listening on %s    telnet 127.0.0.1 %d   (/help for the commands)
                  http chat listening on %s      %s/   (the chat page)
                  rooms as JSON, asked of the rooms actor:   %s/rooms
                  every coro and where it waits:             %s/status
                  backdoor, a Java REPL in this process:     nc -U %s   then Coro.whereAll()
                  dashboard (loops, coros, mailboxes, sockets, profiler): %s
                  JMX: the io.shrapnel MXBeans are registered (jconsole %d)"""
                .formatted(telnet.localAddress(), telnetPort, http.localAddress(), web, web, web,
                        options.backdoor(), dashboardUrl, ProcessHandle.current().pid()));
    }

    static Router routes() {
        return Router.create()
                .get("/", (req, res) -> res.contentType("text/html; charset=utf-8").send(page()))
                .get("/chat", WebChat.endpoint())
                .get("/rooms", RoomsJson.handler())
                .get("/status", StatusPage.create());
    }

    static byte[] page() throws IOException {
        try (InputStream in = ChatDemo.class.getResourceAsStream("chat.html")) {
            if (in == null) {
                throw new IOException("chat.html is missing from the examples jar");
            }
            return in.readAllBytes();
        }
    }
}
