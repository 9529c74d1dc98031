package io.shrapnel.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The buffer pool's size classes and the resolver used when none is installed. */
@ExtendWith(CoroTestExtension.class)
class SmallPartsTest {
    @Test
    void buffersComeInThreeSizesAndOnlyThoseAreKept() throws Exception {
        assertEquals(0, BufferPool.sizeClass(1));
        assertEquals(0, BufferPool.sizeClass(4096));
        assertEquals(1, BufferPool.sizeClass(4097));
        assertEquals(2, BufferPool.sizeClass(BufferPool.MAX_SIZE));
        assertEquals(2, BufferPool.sizeClass(BufferPool.MAX_SIZE + 1), "bigger asks get the biggest class");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                BufferPool pool = BufferPool.of(io.shrapnel.kernel.Coro.current().scheduler());
                ByteBuffer b = pool.take(100);
                assertEquals(4096, b.capacity());
                int before = pool.idle();
                pool.give(ByteBuffer.allocateDirect(5000)); // not a class size: dropped
                assertEquals(before, pool.idle());
                pool.give(b);
                assertEquals(before + 1, pool.idle());
                long made = pool.allocated();
                ByteBuffer again = pool.take(50);
                assertSame(b, again, "a returned buffer of the class is lent again");
                assertEquals(made, pool.allocated(), "a reuse allocates nothing");
                ByteBuffer fresh = pool.take(100);
                assertEquals(made + 1, pool.allocated(), "an empty class allocates one buffer");
                pool.give(again);
                pool.give(fresh);
            });
        }
    }

    @Test
    void withoutAResolverOnlyLiteralsAndLocalhostResolve() throws Exception {
        LiteralResolver r = (LiteralResolver) io.shrapnel.net.Resolver.literalOnly();
        assertEquals(List.of(InetAddress.ofLiteral("::1")), r.resolve("[::1]"));
        assertEquals(r.resolve("localhost"), r.resolve("LOCALHOST."));
        assertTrue(r.resolve("localhost").contains(InetAddress.ofLiteral("127.0.0.1")));
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> r.resolve("example.test"));
        assertTrue(e.getMessage().contains("no DNS resolver is installed"), e.getMessage());
        assertThrows(UnknownHostException.class, () -> r.resolve("[::1"));
        assertEquals("Resolver.literalOnly()", r.toString());
    }
    @Test
    void tlsBuffersAreRecordSizedAndAtMostKeepAreKept() {
        TlsBufferPool pool = new TlsBufferPool();
        ByteBuffer big = pool.take(TlsBufferPool.SIZE + 1);
        assertEquals(TlsBufferPool.SIZE + 1, big.capacity(), "more than a record: made to measure");
        ByteBuffer small = pool.take(100);
        assertEquals(TlsBufferPool.SIZE, small.capacity(), "any smaller ask gets a record-sized buffer");
        pool.give(null);
        pool.give(big);
        pool.give(ByteBuffer.allocate(100));
        assertEquals(0, pool.kept(), "only record-sized buffers are kept");
        pool.give(small.put((byte) 1));
        assertEquals(1, pool.kept());
        ByteBuffer again = pool.take(TlsBufferPool.SIZE);
        assertSame(small, again, "a kept buffer is lent again");
        assertEquals(0, again.position(), "cleared");
        for (int i = 0; i < TlsBufferPool.KEEP + 1; i++) {
            pool.give(ByteBuffer.allocate(TlsBufferPool.SIZE));
        }
        assertEquals(TlsBufferPool.KEEP, pool.kept());
    }
    @Test
    void aKeyThatIsNotPkcs8IsRefusedWithTheCommandThatConvertsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path sec1 = dir.resolve("ec.key");
        java.nio.file.Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        java.security.GeneralSecurityException e = assertThrows(java.security.GeneralSecurityException.class,
                () -> Pem.privateKey(sec1));
        assertTrue(e.getMessage().contains("holds a 'EC PRIVATE KEY', which is not PKCS#8")
                && e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in ec.key"), e.getMessage());
        java.nio.file.Path certOnly = dir.resolve("cert.pem");
        java.nio.file.Files.writeString(certOnly, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        e = assertThrows(java.security.GeneralSecurityException.class, () -> Pem.privateKey(certOnly));
        assertTrue(e.getMessage().startsWith("no '-----BEGIN PRIVATE KEY-----' block in"), e.getMessage());
    }
}
