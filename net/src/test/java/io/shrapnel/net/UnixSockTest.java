package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CoroTestExtension.class)
class UnixSockTest {
    @TempDir
    Path dir;

    @Test
    void echoOverAPath() throws Exception {
        Path path = dir.resolve("echo.sock");
        try (TestLoop loop = TestLoop.create()) {
            String got = loop.call(() -> {
                try (UnixSock server = UnixSock.create()) {
                    server.bind(path);
                    server.listen(5);
                    assertEquals(UnixDomainSocketAddress.of(path), server.localAddress());
                    Coro echo = Coro.spawn("echo", () -> {
                        try (UnixSock c = server.accept()) {
                            byte[] b;
                            while ((b = c.recv(100)).length > 0) {
                                c.sendAll(b);
                            }
                        }
                    });
                    try (UnixSock c = UnixSock.create()) {
                        c.connect(path);
                        assertEquals(UnixDomainSocketAddress.of(path), c.peerAddress());
                        c.writev(ByteBuffer.wrap("uni".getBytes(UTF_8)), ByteBuffer.wrap("x".getBytes(UTF_8)));
                        String r = new String(c.recvExact(4), UTF_8);
                        c.close();
                        echo.join();
                        return r;
                    }
                }
            });
            assertEquals("unix", got);
        }
    }

    @Test
    void acceptManyTakesQueuedConnections() throws Exception {
        Path path = dir.resolve("many.sock");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UnixSock server = UnixSock.create()) {
                    server.bind(path);
                    server.listen(10);
                    UnixSock[] clients = new UnixSock[3];
                    for (int i = 0; i < 3; i++) {
                        clients[i] = UnixSock.create();
                        clients[i].connect(path);
                    }
                    List<UnixSock> accepted = server.acceptMany(10);
                    assertEquals(3, accepted.size());
                    for (UnixSock s : accepted) {
                        s.close();
                    }
                    for (UnixSock s : clients) {
                        s.close();
                    }
                }
            });
        }
    }

    @Test
    void listeningOnAPathThatExistsFailsUntilItIsDeleted() throws Exception {
        Path path = dir.resolve("stale.sock");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                UnixSock first = UnixSock.create();
                first.bind(path);
                first.listen(1);
                first.close(); // leaves the file behind, as with the C API
                try (UnixSock second = UnixSock.create()) {
                    second.bind(path);
                    assertThrows(IOException.class, () -> second.listen(1));
                }
                java.nio.file.Files.delete(path);
                try (UnixSock third = UnixSock.create()) {
                    third.bind(path);
                    third.listen(1);
                }
            });
        }
    }

    @Test
    void aTcpAddressIsRefusedWithAPointerToTcpSock() throws Exception {
        try (UnixSock s = UnixSock.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.connect(new java.net.InetSocketAddress(Loopback.V4, 1)));
            assertEquals(true, e.getMessage().contains("TcpSock"), e.getMessage());
        }
    }

    @Test
    void aListenerWithoutAPathGetsOneAndSaysWhatItIs() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UnixSock server = UnixSock.create()) {
                    server.listen(5);
                    UnixDomainSocketAddress where = (UnixDomainSocketAddress) server.localAddress();
                    try {
                        assertTrue(server.toString().startsWith("UnixSock "), server.toString());
                        try (UnixSock c = UnixSock.create()) {
                            c.connect(where);
                            try (UnixSock accepted = server.accept()) {
                                c.sendAll("p".getBytes(UTF_8));
                                assertEquals("p", new String(accepted.recvExact(1), UTF_8));
                            }
                        }
                    } finally {
                        java.nio.file.Files.deleteIfExists(where.getPath());
                    }
                }
            });
        }
    }

    @Test
    void anIpAddressIsRefusedWithTheFix() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UnixSock s = UnixSock.create()) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> s.connect(new java.net.InetSocketAddress(Loopback.V4, 1)));
                    assertTrue(e.getMessage().contains("use a TcpSock"), e.getMessage());
                }
            });
        }
    }
    @Test
    void aClientBoundToAPathConnectsFromIt() throws Exception {
        Path path = dir.resolve("server.sock");
        Path from = dir.resolve("client.sock");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UnixSock server = UnixSock.create(); UnixSock c = UnixSock.create()) {
                    server.bind(path);
                    server.listen(5);
                    c.bind(from);
                    assertEquals(null, c.localAddress(), "a path is bound by connect, not by bind");
                    c.connect(path);
                    assertEquals(UnixDomainSocketAddress.of(from), c.localAddress());
                    try (UnixSock accepted = server.accept()) {
                        assertEquals(UnixDomainSocketAddress.of(from), accepted.peerAddress());
                    }
                }
            });
        }
    }
}
