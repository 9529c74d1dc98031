package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({MariaDbServer.class, CoroTestExtension.class})
class ConnectTest {
    @Test
    void nativePasswordLogsInAndQueries() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                assertTrue(db.serverVersion().contains("MariaDB"), db.serverVersion());
                assertFalse(db.isSecure());
                assertEquals("testdb", db.query("SELECT DATABASE()").scalar());
                assertEquals("test@127.0.0.1", db.query("SELECT USER()").scalar());
                assertEquals(db.connectionId(), db.query("SELECT CONNECTION_ID()").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void ed25519LogsInThroughAnAuthSwitch() throws Exception {
        InCoro.run(() -> {
            MySqlConfig cfg = MariaDbServer.config().user("eduser").password("edpass").build();
            try (MySqlConnection db = MySqlConnection.connect(cfg)) {
                assertEquals("eduser@127.0.0.1", db.query("SELECT USER()").scalar());
            }
        });
    }

    @Test
    void wrongEd25519PasswordIsRefused() throws Exception {
        InCoro.run(() -> {
            MySqlConfig cfg = MariaDbServer.config().user("eduser").password("wrong").build();
            MySqlException e = assertThrows(MySqlException.class, () -> MySqlConnection.connect(cfg));
            assertEquals(1045, e.errorCode());
            assertEquals("28000", e.sqlState());
        });
    }

    @Test
    void wrongNativePasswordIsRefused() throws Exception {
        InCoro.run(() -> {
            MySqlException e = assertThrows(MySqlException.class,
                    () -> MySqlConnection.connect(MariaDbServer.config().password("nope").build()));
            assertEquals(1045, e.errorCode());
        });
    }

    @Test
    void tlsUpgradeProtectsTheConnection() throws Exception {
        InCoro.run(() -> {
            MySqlConfig cfg = MariaDbServer.config().user("tls").password("tls")
                    .tls(MySqlConfig.TlsMode.REQUIRED, MariaDbServer.tls()).build();
            try (MySqlConnection db = MySqlConnection.connect(cfg)) {
                assertTrue(db.isSecure());
                Row r = db.query("SHOW SESSION STATUS LIKE 'Ssl_version'").rows().getFirst();
                assertTrue(r.getString(1).startsWith("TLSv1."), r.toString());
            }
        });
    }

    @Test
    void userThatRequiresTlsIsRefusedWithout() throws Exception {
        InCoro.run(() -> {
            MySqlConfig cfg = MariaDbServer.config().user("tls").password("tls").build();
            MySqlException e = assertThrows(MySqlException.class, () -> MySqlConnection.connect(cfg));
            assertEquals(1045, e.errorCode());
        });
    }

    @Test
    void ed25519OverTls() throws Exception {
        InCoro.run(() -> {
            MySqlConfig cfg = MariaDbServer.config().user("eduser").password("edpass")
                    .tls(MySqlConfig.TlsMode.PREFERRED, MariaDbServer.tls()).build();
            try (MySqlConnection db = MySqlConnection.connect(cfg)) {
                assertTrue(db.isSecure());
                db.ping();
            }
        });
    }

    @Test
    void pingResetAndQuit() throws Exception {
        InCoro.run(() -> {
            MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build());
            db.ping();
            db.update("SET @x = 42");
            assertEquals(42L, db.query("SELECT @x").rows().getFirst().getLong(0));
            db.execute("SELECT ?", 1);
            db.reset();
            assertTrue(db.query("SELECT @x").rows().getFirst().isNull(0), "reset drops user variables");
            db.execute("SELECT ?", 2); // the statement cache was emptied with the server's statements
            long id = db.connectionId();
            db.close();
            assertFalse(db.isOpen());
            assertThrows(java.io.IOException.class, db::ping);
            try (MySqlConnection other = MySqlConnection.connect(MariaDbServer.config().build())) {
                Eventually.until("the server ended connection " + id, () -> threadCount(other, id) == 0);
            }
        });
    }

    static long threadCount(MySqlConnection db, long id) throws java.io.IOException {
        return db.query("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id).rows().getFirst().getLong(0);
    }
}
