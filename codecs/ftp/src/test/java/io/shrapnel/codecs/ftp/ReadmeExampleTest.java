package io.shrapnel.codecs.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The example of codecs/ftp/README.md, as written there, with its output checked. */
@ExtendWith(CoroTestExtension.class)
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, UTF_8));
        try {
            example();
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(UTF_8);
        assertTrue(out.contains("hello.txt 6\n") && out.contains("up.txt 9\n"), out);
        assertTrue(out.endsWith("hello\n\n"), out);
    }

    private static void example() throws Exception {
        Path root = Files.createTempDirectory("ftp-root");
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        Scheduler loop = Scheduler.create("ftp");
        loop.spawn(() -> {
            FtpServer server = FtpServer.builder(root)
                    .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 20090))
                    .users((user, password) -> user.equals("demo") && password.equals("secret"))
                    .passivePorts(20190, 20199)
                    .start();
            try (FtpClient ftp = FtpClient.connect("127.0.0.1", 20090)) {
                ftp.login("demo", "secret");
                ftp.store("up.txt", new ByteArrayInputStream("uploaded\n".getBytes(UTF_8)));  // streamed
                for (FtpEntry e : ftp.mlsd("/")) {
                    System.out.println(e.name() + " " + e.size());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ftp.retrieve("hello.txt", out);                                             // streamed
                System.out.println(out.toString(UTF_8));
            } finally {
                server.close();
            }
        });
        loop.runUntilDone();
        loop.close();
        assertEquals("uploaded\n", Files.readString(root.resolve("up.txt")));
    }
}
