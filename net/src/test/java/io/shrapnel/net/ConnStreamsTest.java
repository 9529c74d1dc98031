package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection's java.io streams, byte by byte, over a real TCP connection on 127.0.0.1. */
@ExtendWith(CoroTestExtension.class)
class ConnStreamsTest {
    @Test
    void singleBytesGoThroughTheStreamsAndEndOfStreamIsMinusOne() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(server);
                    OutputStream out = pair[0].outputStream();
                    InputStream in = pair[1].inputStream();
                    out.write(0xfe);
                    out.write(new byte[] {9, 1, 2, 9}, 1, 2);
                    out.flush();
                    assertEquals(0xfe, in.read());
                    byte[] b = new byte[4];
                    assertEquals(0, in.read(b, 0, 0));
                    assertEquals(0, b[0]);
                    assertEquals(2, in.readNBytes(b, 1, 2));
                    assertArrayEquals(new byte[] {0, 1, 2, 0}, b);
                    out.close();
                    assertEquals(-1, in.read());
                    assertEquals(-1, in.read(b, 0, 4));
                    assertTrue(pair[0].isClosed());
                    in.close();
                    assertTrue(pair[1].isClosed());
                    assertThrows(ClosedError.class, () -> pair[1].recv(1));
                }
            });
        }
    }

    @Test
    void countsBelowZeroAreRefused() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(server);
                    try (TcpSock c = pair[0]; TcpSock s = pair[1]) {
                        assertThrows(IllegalArgumentException.class, () -> c.recvExact(-1));
                        assertThrows(IllegalArgumentException.class, () -> c.recv(-1));
                        assertEquals(0, c.recvExact(0).length);
                        assertThrows(IllegalArgumentException.class, () -> server.acceptMany(0));
                        assertThrows(IndexOutOfBoundsException.class, () -> s.inputStream().read(new byte[2], 1, 2));
                    }
                }
            });
        }
    }
}
