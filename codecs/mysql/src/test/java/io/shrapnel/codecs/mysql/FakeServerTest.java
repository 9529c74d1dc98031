package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.mysql.FakeServer.Wire;
import io.shrapnel.codecs.mysql.internal.Capabilities;
import io.shrapnel.codecs.mysql.internal.PacketReader;
import io.shrapnel.codecs.mysql.internal.Scrambles;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.net.TcpSock;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a scripted server: what MariaDB does not do, and what no server should. */
@ExtendWith({MariaDbServer.class, CoroTestExtension.class}) // MariaDbServer: its certificate for the TLS cases
class FakeServerTest {
    /** Runs the client body against the script; checks the server's script too, and that no socket is left open. */
    private static void against(FakeServer.Script script, ClientBody client) throws Exception {
        InCoro.run(() -> {
            long openBefore = TcpSock.stats().open();
            try (FakeServer server = FakeServer.start(script)) {
                client.run(server);
                try {
                    server.finish();
                } catch (Throwable t) {
                    throw new AssertionError("the fake server's script failed", t);
                }
            }
            assertEquals(openBefore, TcpSock.stats().open(), "sockets left open");
        });
    }

    interface ClientBody {
        void run(FakeServer server) throws Exception;
    }

    private static byte[] authData(byte[] handshakeResponse) throws IOException {
        PacketReader r = new PacketReader(handshakeResponse);
        r.skip(32);
        r.nulString();
        return r.lenencBytes();
    }

    @Test
    void cachingSha2FastPath() throws Exception {
        against(w -> {
            w.greeting("caching_sha2_password");
            byte[] scramble = authData(w.read().payload());
            assertArrayEquals(Scrambles.cachingSha2("pw", FakeServer.NONCE), scramble);
            w.send(2, new byte[] {1, 3});
            w.send(3, Wire.ok());
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                assertTrue(db.isOpen());
                assertEquals(7, db.connectionId());
                assertEquals("5.7.99-fake", db.serverVersion());
            }
        });
    }

    @Test
    void cachingSha2FullPathEncryptsThePasswordWithTheServersKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024); // small: only the padding and the XOR are under test, and key generation is slow
        KeyPair keys = g.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        against(w -> {
            w.greeting("caching_sha2_password");
            w.read();
            w.send(2, new byte[] {1, 4});
            FakeServer.Packet askKey = w.read();
            assertEquals(3, askKey.seq());
            assertArrayEquals(new byte[] {2}, askKey.payload());
            w.send(4, Wire.cat(new byte[] {1}, pem.getBytes(StandardCharsets.US_ASCII)));
            FakeServer.Packet encrypted = w.read();
            assertEquals(5, encrypted.seq());
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            rsa.init(Cipher.DECRYPT_MODE, keys.getPrivate());
            byte[] plain = rsa.doFinal(encrypted.payload());
            byte[] expected = {'p' ^ 'a', 'w' ^ 'b', 0 ^ 'c'};
            assertArrayEquals(expected, plain);
            w.send(6, Wire.ok());
            w.untilClosed();
        }, server -> {
            MySqlConnection.connect(server.config().allowPublicKeyRetrieval(true).build()).close();
        });
    }

    @Test
    void cachingSha2FullPathOverTlsSendsThePasswordInsideTls() throws Exception {
        io.shrapnel.net.TlsConfig serverTls = io.shrapnel.net.TlsConfig.server(MariaDbServer.certificate(),
                MariaDbServer.certificate().resolveSibling("server.key")).build();
        against(w -> {
            w.send(0, Wire.greetingPayload("caching_sha2_password", FakeServer.CAPS | 2048));
            FakeServer.Packet sslRequest = w.read();
            assertEquals(1, sslRequest.seq());
            assertEquals(32, sslRequest.payload().length);
            long caps = new PacketReader(sslRequest.payload()).int4();
            assertTrue((caps & 2048) != 0, "SSL capability asked for");
            io.shrapnel.net.TlsSock tls = io.shrapnel.net.TlsSock.server((io.shrapnel.net.TcpSock) w.conn, serverTls);
            Wire secure = new Wire(tls);
            FakeServer.Packet response = secure.read();
            assertEquals(2, response.seq());
            assertArrayEquals(Scrambles.cachingSha2("pw", FakeServer.NONCE), authData(response.payload()));
            secure.send(3, new byte[] {1, 4});
            FakeServer.Packet clear = secure.read();
            assertEquals(4, clear.seq());
            assertArrayEquals(new byte[] {'p', 'w', 0}, clear.payload());
            secure.send(5, Wire.ok());
            secure.untilClosed();
        }, server -> {
            MySqlConfig cfg = server.config().tls(MySqlConfig.TlsMode.REQUIRED, MariaDbServer.tls()).serverName("localhost").build();
            try (MySqlConnection db = MySqlConnection.connect(cfg)) {
                assertTrue(db.isSecure());
            }
        });
    }

    @Test
    void tlsRequiredButNotOfferedIsRefused() throws Exception {
        against(w -> {
            w.greeting("mysql_native_password");
            w.untilClosed();
        }, server -> {
            MySqlConfig cfg = server.config().tls(MySqlConfig.TlsMode.REQUIRED, MariaDbServer.tls()).build();
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> MySqlConnection.connect(cfg));
            assertEquals("TLS is required but the server 5.7.99-fake does not offer it", e.getMessage());
        });
    }

    @Test
    void aLocalInfileRequestIsAnsweredWithAnEmptyFileAndRefused() throws Exception {
        against(w -> {
            w.login();
            assertEquals(0x03, w.read().payload()[0]);
            w.send(1, Wire.cat(new byte[] {(byte) 0xFB}, "/etc/passwd".getBytes(StandardCharsets.US_ASCII)));
            FakeServer.Packet file = w.read();
            assertEquals(2, file.seq());
            assertEquals(0, file.payload().length, "an empty file: nothing of the client's is sent");
            w.send(3, Wire.ok());
            assertEquals(0x03, w.read().payload()[0]);
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("b", 253));
            w.send(3, new byte[] {1, 'y'});
            w.send(4, Wire.endOfRows());
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                MySqlException e = assertThrows(MySqlException.class,
                        () -> db.query("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t"));
                assertEquals(2068, e.errorCode());
                assertTrue(e.getMessage().contains("(the server asked for /etc/passwd)"), e.getMessage());
                assertEquals("y", Coro.withTimeout(Duration.ofSeconds(5), () -> db.query("SELECT b")).scalar(),
                        "the answer to the empty file was read: still in step");
            }
        });
    }

    @Test
    void tlsPreferredGoesOnWithoutIt() throws Exception {
        against(w -> {
            w.login();
            w.untilClosed();
        }, server -> {
            MySqlConfig cfg = server.config().tls(MySqlConfig.TlsMode.PREFERRED, MariaDbServer.tls()).build();
            try (MySqlConnection db = MySqlConnection.connect(cfg)) {
                assertFalse(db.isSecure());
            }
        });
    }

    @Test
    void cachingSha2FullPathWithoutTlsOrKeyRetrievalIsRefused() throws Exception {
        against(w -> {
            w.greeting("caching_sha2_password");
            w.read();
            w.send(2, new byte[] {1, 4});
            w.untilClosed();
        }, server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertTrue(e.getMessage().contains("allowPublicKeyRetrieval"), e.getMessage());
        });
    }

    @Test
    void authSwitchToNativePasswordUsesTheNewNonce() throws Exception {
        byte[] nonce2 = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);
        against(w -> {
            w.greeting("caching_sha2_password");
            w.read();
            w.send(2, Wire.cat(new byte[] {(byte) 0xFE}, "mysql_native_password\0".getBytes(StandardCharsets.US_ASCII),
                    nonce2, new byte[] {0}));
            FakeServer.Packet answer = w.read();
            assertEquals(3, answer.seq());
            assertArrayEquals(Scrambles.nativePassword("pw", nonce2), answer.payload());
            w.send(4, Wire.ok());
            w.untilClosed();
        }, server -> MySqlConnection.connect(server.config().build()).close());
    }

    /** A server that switches the plugin {@code times} times, checking every answer, then says OK. */
    private static FakeServer.Script switching(int times) {
        return w -> {
            w.greeting("mysql_native_password");
            w.read();
            int seq = 2;
            for (int i = 0; i < times; i++) {
                byte[] nonce = ("switch-nonce-" + i + "-abcdefgh").substring(0, 20).getBytes(StandardCharsets.US_ASCII);
                w.send(seq, Wire.cat(new byte[] {(byte) 0xFE}, "mysql_native_password\0".getBytes(StandardCharsets.US_ASCII),
                        nonce, new byte[] {0}));
                if (i == MAX_SWITCHES) {
                    break; // one too many: the client gives up instead of answering
                }
                FakeServer.Packet answer = w.read();
                assertEquals(seq + 1, answer.seq());
                assertArrayEquals(Scrambles.nativePassword("pw", nonce), answer.payload());
                seq += 2;
            }
            if (times <= MAX_SWITCHES) {
                w.send(seq, Wire.ok());
            }
            w.untilClosed();
        };
    }

    private static final int MAX_SWITCHES = 4;

    @Test
    void fourAuthSwitchesAreFollowedAndAFifthIsRefused() throws Exception {
        against(switching(MAX_SWITCHES), server -> MySqlConnection.connect(server.config().build()).close());
        against(switching(MAX_SWITCHES + 1), server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertEquals("the server switched authentication plugins more than 4 times", e.getMessage());
        });
    }

    @Test
    void ed25519NonceEndingInAZeroByteIsSignedWhole() throws Exception {
        byte[] nonce = new byte[32];
        for (int i = 0; i < 31; i++) {
            nonce[i] = (byte) (i * 7 + 1);
        } // nonce[31] == 0: what MariaDB sends once in 256 logins, with no terminator after it
        against(w -> {
            w.greeting("mysql_native_password");
            w.read();
            w.send(2, Wire.cat(new byte[] {(byte) 0xFE}, "client_ed25519\0".getBytes(StandardCharsets.US_ASCII), nonce));
            FakeServer.Packet answer = w.read();
            assertArrayEquals(io.shrapnel.codecs.mysql.internal.Ed25519.sign("pw".getBytes(StandardCharsets.UTF_8), nonce),
                    answer.payload());
            w.send(4, Wire.ok());
            w.untilClosed();
        }, server -> MySqlConnection.connect(server.config().build()).close());
    }

    @Test
    void unknownAuthPluginIsAClearErrorAndClosesTheSocket() throws Exception {
        against(w -> {
            w.greeting("mysql_native_password");
            w.read();
            w.send(2, Wire.cat(new byte[] {(byte) 0xFE}, "dialog\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2}));
            w.untilClosed();
        }, server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertTrue(e.getMessage().contains("'dialog'"), e.getMessage());
        });
    }

    @Test
    void clearPasswordIsNotSentWithoutTls() throws Exception {
        against(w -> {
            w.greeting("mysql_native_password");
            w.read();
            w.send(2, Wire.cat(new byte[] {(byte) 0xFE}, "mysql_clear_password\0".getBytes(StandardCharsets.US_ASCII)));
            w.untilClosed();
        }, server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertTrue(e.getMessage().contains("mysql_clear_password"), e.getMessage());
        });
    }

    @Test
    void errorInsteadOfGreetingIsTheServersError() throws Exception {
        against(w -> {
            w.send(0, Wire.cat(new byte[] {(byte) 0xFF, 0x10, 0x04}, "Too many connections".getBytes(StandardCharsets.US_ASCII)));
            w.untilClosed();
        }, server -> {
            MySqlException e = assertThrows(MySqlException.class, () -> MySqlConnection.connect(server.config().build()));
            assertEquals(1040, e.errorCode());
            assertTrue(e.getMessage().contains("Too many connections"));
        });
    }

    @Test
    void truncatedGreetingIsAnEofError() throws Exception {
        against(w -> w.raw(new byte[] {100, 0, 0, 0, 10, '5', '.'}), server -> {
            EOFException e = assertThrows(EOFException.class, () -> MySqlConnection.connect(server.config().build()));
            assertTrue(e.getMessage().contains("middle of a packet"), e.getMessage());
        });
    }

    @Test
    void greetingCutInsideItsFieldsIsAProtocolError() throws Exception {
        against(w -> {
            w.send(0, Arrays.copyOf(Wire.greetingPayload("mysql_native_password", FakeServer.CAPS), 20));
            w.untilClosed();
        }, server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertTrue(e.getMessage().startsWith("truncated packet"), e.getMessage());
        });
    }

    @Test
    void wrongSequenceIdIsAProtocolError() throws Exception {
        against(w -> {
            w.send(5, Wire.greetingPayload("mysql_native_password", FakeServer.CAPS));
            w.untilClosed();
        }, server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertEquals("wrong sequence id: expected 0, got 5", e.getMessage());
        });
    }

    @Test
    void wrongSequenceIdInsideAResultClosesTheConnection() throws Exception {
        against(w -> {
            w.login();
            w.read();
            w.send(1, new byte[] {1});
            w.send(3, Wire.column("a", 253));
            w.untilClosed();
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().build());
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> db.query("SELECT a"));
            assertEquals("wrong sequence id: expected 2, got 3", e.getMessage());
            assertFalse(db.isOpen());
        });
    }

    @Test
    void serverWithoutProtocol41IsRefused() throws Exception {
        against(w -> {
            w.send(0, Wire.greetingPayload("mysql_native_password", FakeServer.CAPS & ~512L));
            w.untilClosed();
        }, server -> {
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                    () -> MySqlConnection.connect(server.config().build()));
            assertTrue(e.getMessage().contains("lacks capabilities"), e.getMessage());
        });
    }

    @Test
    void serverDyingMidResultIsAnErrorAndTheConnectionIsClosed() throws Exception {
        against(w -> {
            w.login();
            assertEquals(3, w.read().payload()[0]); // COM_QUERY
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("a", 253));
            w.send(3, new byte[] {1, 'x'});
            w.send(4, new byte[] {1, 'y'});
            // and the server dies
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().build());
            java.util.List<String> seen = new java.util.ArrayList<>();
            IOException e = assertThrows(IOException.class, () -> db.stream("SELECT a", row -> seen.add(row.getString(0))));
            assertEquals(java.util.List.of("x", "y"), seen);
            assertInstanceOf(EOFException.class, e);
            assertFalse(db.isOpen());
            assertThrows(IOException.class, db::ping);
        });
    }

    @Test
    void malformedRowIsAProtocolError() throws Exception {
        against(w -> {
            w.login();
            w.read();
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("a", 3)); // INT
            w.send(3, new byte[] {3, 'x', 'y', 'z'});
            w.untilClosed();
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().build());
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> db.query("SELECT a"));
            assertTrue(e.getMessage().contains("cannot read 'xyz'"), e.getMessage());
            assertFalse(db.isOpen());
        });
    }

    @Test
    void packetOverTheLimitIsRefusedBeforeItIsBuffered() throws Exception {
        against(w -> {
            w.login();
            w.read();
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("a", 253));
            w.raw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 3}); // announces 16 MB, sends none of it
            w.untilClosed();
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().maxPacketSize(4096).build());
            MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> db.query("SELECT a"));
            assertTrue(e.getMessage().contains("over the limit of 4096"), e.getMessage());
        });
    }

    @Test
    void rowOfExactly16MbComesInTwoPacketsAndIsJoined() throws Exception {
        int full = 0xFFFFFF;
        against(w -> {
            w.login();
            w.read();
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("a", 251));
            byte[] row = new byte[full];
            row[0] = (byte) 0xFE; // lenenc 8-byte length: full - 9 bytes follow
            long len = full - 9;
            for (int i = 0; i < 8; i++) {
                row[1 + i] = (byte) (len >>> (8 * i));
            }
            Arrays.fill(row, 9, full, (byte) 'z');
            w.send(3, row);
            w.send(4, new byte[0]); // a full packet is always followed by another, here empty
            w.send(5, Wire.endOfRows());
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                String v = db.query("SELECT a").rows().getFirst().getString(0);
                assertEquals(full - 9, v.length());
                assertTrue(v.chars().allMatch(c -> c == 'z'));
            }
        });
    }

    @Test
    void commandOfExactly16MbIsSentAsAFullPacketAndAnEmptyOne() throws Exception {
        int full = 0xFFFFFF;
        against(w -> {
            w.login();
            FakeServer.Packet first = w.read();
            assertEquals(0, first.seq());
            assertEquals(full, first.payload().length);
            FakeServer.Packet second = w.read();
            assertEquals(1, second.seq());
            assertEquals(0, second.payload().length);
            w.send(2, Wire.ok());
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                String sql = "-- " + "x".repeat(full - 1 - 3);
                assertEquals(0, db.update(sql));
            }
        });
    }
    // ---- executeBulk: MariaDB's COM_STMT_BULK_EXECUTE, and the fallback on MySQL ----------------

    private static final long MARIADB_CAPS = FakeServer.CAPS & ~Capabilities.CLIENT_MYSQL | Capabilities.STMT_BULK_OPERATIONS;
    private static final java.util.List<Object[]> TWO_ROWS = java.util.List.of(new Object[] {1, "a"}, new Object[] {2, null});

    /** A MariaDB-like login: the greeting offers bulk operations; the client must ask for them back. */
    private static void mariaDbLogin(Wire w) throws IOException {
        w.send(0, Wire.greetingPayload("mysql_native_password", MARIADB_CAPS));
        byte[] response = w.read().payload();
        PacketReader r = new PacketReader(response);
        assertEquals(0, r.int4() & Capabilities.CLIENT_MYSQL);
        r.skip(4 + 1 + 19);
        assertEquals(Capabilities.STMT_BULK_OPERATIONS >>> 32, r.int4(), "extended capabilities in the handshake response");
        w.send(2, Wire.ok());
    }

    @Test
    void bulkSendsTheTypesOnceThenEachRowBehindIndicators() throws Exception {
        against(w -> {
            mariaDbLogin(w);
            w.prepared(9, 2);
            FakeServer.Packet bulk = w.read();
            assertEquals(0, bulk.seq());
            assertArrayEquals(new byte[] {(byte) 0xFA, 9, 0, 0, 0, (byte) 0x80, 0, // command, statement id, SEND_TYPES_TO_SERVER
                3, 0, (byte) 253, 0,                                                     // INT, VAR_STRING
                0, 1, 0, 0, 0, 0, 1, 'a',                                                // row 1: value 1, value "a"
                0, 2, 0, 0, 0, 1}, bulk.payload());                                      // row 2: value 2, NULL
            w.send(1, Wire.ok(2));
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                assertTrue(db.bulkSupported());
                assertEquals(2, db.executeBulk("INSERT INTO t VALUES (?, ?)", TWO_ROWS));
            }
        });
    }

    @Test
    void bulkAnsweredWithAnErrorIsTheServersErrorAndTheConnectionGoesOn() throws Exception {
        against(w -> {
            mariaDbLogin(w);
            w.prepared(1, 2);
            assertEquals((byte) 0xFA, w.read().payload()[0]);
            w.send(1, Wire.cat(new byte[] {(byte) 0xFF, 0x26, 0x04, '#'}, "23000Duplicate entry".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(0x0E, w.read().payload()[0]); // COM_PING
            w.send(1, Wire.ok());
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                MySqlException e = assertThrows(MySqlException.class, () -> db.executeBulk("INSERT INTO t VALUES (?, ?)", TWO_ROWS));
                assertEquals(1062, e.errorCode());
                assertEquals("23000", e.sqlState());
                db.ping();
                assertTrue(db.isOpen());
            }
        });
    }

    @Test
    void serverDyingDuringABulkClosesTheConnection() throws Exception {
        against(w -> {
            mariaDbLogin(w);
            w.prepared(1, 2);
            assertEquals((byte) 0xFA, w.read().payload()[0]);
            // and the server dies without an answer
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().build());
            assertThrows(EOFException.class, () -> db.executeBulk("INSERT INTO t VALUES (?, ?)", TWO_ROWS));
            assertFalse(db.isOpen());
        });
    }

    @Test
    void withoutBulkOperationsTheRowsArePipelinedExecutions() throws Exception {
        against(w -> {
            w.login(); // a MySQL greeting: CLIENT_MYSQL set, no extended capabilities
            w.prepared(5, 2);
            for (int i = 0; i < 2; i++) {
                FakeServer.Packet execute = w.read();
                assertEquals(0, execute.seq());
                assertEquals(0x17, execute.payload()[0]); // COM_STMT_EXECUTE, one per row
                assertEquals(5, execute.payload()[1]);
            }
            w.send(1, Wire.ok(1));
            w.send(1, Wire.ok(1));
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                assertFalse(db.bulkSupported());
                assertEquals(2, db.executeBulk("INSERT INTO t VALUES (?, ?)", TWO_ROWS));
            }
        });
    }
    // ---- the connection's own exchanges (mutation-testing survivors) ------------------------------

    @Test
    void closeSendsComQuitAndAbortOnlyClosesTheSocket() throws Exception {
        against(w -> {
            w.login();
            FakeServer.Packet quit = w.read();
            assertEquals(0, quit.seq());
            assertArrayEquals(new byte[] {0x01}, quit.payload()); // COM_QUIT
            w.untilClosed();
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().build());
            db.close();
            assertFalse(db.isOpen());
            db.close(); // idempotent: nothing more is sent
        });
        against(w -> {
            w.login();
            w.untilClosed(); // nothing arrives before the end of the stream
        }, server -> {
            MySqlConnection db = MySqlConnection.connect(server.config().build());
            db.abort();
            assertFalse(db.isOpen());
            assertThrows(IOException.class, db::ping);
        });
    }

    @Test
    void withoutDeprecateEofTheOldEofPacketsEndColumnsAndRows() throws Exception {
        byte[] eof = {(byte) 0xFE, 0, 0, 2, 0};
        against(w -> {
            w.send(0, Wire.greetingPayload("mysql_native_password", FakeServer.CAPS & ~Capabilities.DEPRECATE_EOF));
            w.read();
            w.send(2, Wire.ok());
            assertEquals(0x16, w.read().payload()[0]); // COM_STMT_PREPARE: one parameter, one column
            w.send(1, new byte[] {0, 3, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0});
            w.send(2, Wire.column("?", 253));
            w.send(3, eof);
            w.send(4, Wire.column("a", 253));
            w.send(5, eof);
            assertEquals(0x17, w.read().payload()[0]); // COM_STMT_EXECUTE
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("a", 253));
            w.send(3, eof);
            w.send(4, new byte[] {0, 0, 1, 'x'}); // a binary row: header, NULL bitmap, "x"
            w.send(5, eof);
            assertEquals(0x03, w.read().payload()[0]); // COM_QUERY
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("b", 253));
            w.send(3, eof);
            w.send(4, new byte[] {1, 'y'});
            w.send(5, eof);
            assertEquals(0x16, w.read().payload()[0]); // no parameter, one column: no EOF after 0 parameters
            w.send(1, new byte[] {0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            w.send(2, Wire.column("c", 253));
            w.send(3, eof);
            assertEquals(0x16, w.read().payload()[0]); // neither: the OK-like answer alone
            w.send(1, new byte[] {0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            assertEquals(0x03, w.read().payload()[0]);
            w.send(1, new byte[] {1});
            w.send(2, Wire.column("d", 253));
            w.send(3, eof);
            w.send(4, new byte[] {1, 'z'});
            w.send(5, eof);
            w.untilClosed();
        }, server -> {
            try (MySqlConnection db = MySqlConnection.connect(server.config().build())) {
                assertEquals(0, db.capabilities() & Capabilities.DEPRECATE_EOF);
                assertEquals("x", db.execute("SELECT a FROM t WHERE a = ?", "x").scalar());
                assertEquals("y", db.query("SELECT b").scalar());
                PreparedStatement c = Coro.withTimeout(Duration.ofSeconds(5), () -> db.prepare("SELECT c"));
                assertEquals(List.of("c"), c.columns().stream().map(Column::name).toList());
                assertEquals(0, c.parameterCount());
                PreparedStatement none = Coro.withTimeout(Duration.ofSeconds(5), () -> db.prepare("DO 1"));
                assertEquals(List.of(), none.columns());
                assertEquals(5, none.id());
                assertEquals("z", db.query("SELECT d").scalar(), "still in step with the server");
            }
        });
    }
}
