package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class ConnectTest {
    private static <T> T inCoro(java.util.concurrent.Callable<T> body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(body);
        }
    }

    private static String whoAmI(PgConfig config, String expectAuth) throws Exception {
        return inCoro(() -> {
            try (PgConnection db = PgConnection.connect(config)) {
                assertEquals(expectAuth, db.authentication());
                return db.simpleQuery("select current_user").get(0).one().getString(0);
            }
        });
    }

    @Test
    void scramSha256WithoutTls() throws Exception {
        assertEquals("test", whoAmI(PgServer.get().test().build(), "SCRAM-SHA-256"));
    }

    @Test
    void scramSha256PlusBindsTheTlsChannel() throws Exception {
        assertEquals("test", whoAmI(PgServer.get().test().sslMode(SslMode.REQUIRE).build(), "SCRAM-SHA-256-PLUS"));
    }

    @Test
    void channelBindingCanBeTurnedOff() throws Exception {
        assertEquals("test", whoAmI(PgServer.get().test().sslMode(SslMode.REQUIRE).channelBinding(false).build(),
                "SCRAM-SHA-256"));
    }

    @Test
    void md5() throws Exception {
        assertEquals("md5user", whoAmI(PgServer.get().config("md5user", "md5pass").build(), "md5"));
    }

    @Test
    void cleartextPassword() throws Exception {
        assertEquals("clearuser", whoAmI(PgServer.get().config("clearuser", "clearpass").build(), "password"));
    }

    @Test
    void aWrongPasswordIsTheServersError28P01() throws Exception {
        PgException e = assertThrows(PgException.class,
                () -> whoAmI(PgServer.get().config("test", "wrong").build(), "-"));
        assertEquals("28P01", e.sqlState());
        assertEquals("FATAL", e.notice().severityName());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    }

    @Test
    void aMissingPasswordSaysToSetOne() throws Exception {
        PgProtocolException e = assertThrows(PgProtocolException.class,
                () -> whoAmI(PgServer.get().config("test", null).build(), "-"));
        assertTrue(e.getMessage().contains("set .password"), e.getMessage());
    }

    @Test
    void sslModesDisablePreferRequire() throws Exception {
        PgServer pg = PgServer.get();
        for (SslMode mode : new SslMode[] {SslMode.DISABLE, SslMode.PREFER, SslMode.REQUIRE}) {
            boolean tls = inCoro(() -> {
                try (PgConnection db = PgConnection.connect(pg.test().sslMode(mode).build())) {
                    boolean serverSaysSsl = db.simpleQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")
                            .get(0).one().getBoolean(0);
                    assertEquals(db.isTls(), serverSaysSsl);
                    return db.isTls();
                }
            });
            assertEquals(mode != SslMode.DISABLE, tls, mode.name());
        }
    }

    @Test
    void verifyFullAcceptsTheTrustedCertificateForItsName() throws Exception {
        PgServer pg = PgServer.get();
        PgConfig config = pg.test().sslMode(SslMode.VERIFY_FULL).tls(pg.trustingServer()).build();
        assertEquals("test", whoAmI(config, "SCRAM-SHA-256-PLUS"));
        PgConfig byName = pg.test().host("localhost").sslMode(SslMode.VERIFY_FULL).tls(pg.trustingServer()).build();
        assertEquals("test", whoAmI(byName, "SCRAM-SHA-256-PLUS"));
    }

    @Test
    void verifyFullRefusesAServerItDoesNotTrust() throws Exception {
        PgServer pg = PgServer.get();
        PgConfig config = pg.test().sslMode(SslMode.VERIFY_FULL).tls(TlsConfig.client().build()).build();
        assertThrows(IOException.class, () -> whoAmI(config, "-"));
    }

    @Test
    void requireUsesAGivenTlsConfigWhilePreferStaysUnverified() throws Exception {
        PgServer pg = PgServer.get();
        TlsConfig systemTrustOnly = TlsConfig.client().build(); // does not trust the test server's certificate
        PgConfig require = pg.test().sslMode(SslMode.REQUIRE).tls(systemTrustOnly).build();
        assertThrows(IOException.class, () -> whoAmI(require, "-"), "REQUIRE with a TlsConfig checks the server with it");
        PgConfig prefer = pg.test().sslMode(SslMode.PREFER).tls(systemTrustOnly).build();
        assertEquals("test", whoAmI(prefer, "SCRAM-SHA-256-PLUS"), "PREFER encrypts without checking the server");
    }

    @Test
    void verifyFullWithoutATlsConfigIsRefusedAtBuildTime() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgServer.get().test().sslMode(SslMode.VERIFY_FULL).build());
        assertTrue(e.getMessage().contains("trustPem"), e.getMessage());
    }

    @Test
    void aUserAllowedOnlyOverTlsGetsInWithTlsOnly() throws Exception {
        PgServer pg = PgServer.get();
        assertEquals("tlsuser", whoAmI(pg.config("tlsuser", "tlspass").sslMode(SslMode.REQUIRE).build(),
                "SCRAM-SHA-256-PLUS"));
        PgException e = assertThrows(PgException.class, () -> whoAmI(pg.config("tlsuser", "tlspass").build(), "-"));
        assertEquals("28000", e.sqlState());
    }

    @Test
    void theStartupReportsParametersAndTheBackendKey() throws Exception {
        inCoro(() -> {
            try (PgConnection db = PgConnection.connect(PgServer.get().test().parameter("application_name", "shrapnel-test").build())) {
                assertTrue(db.parameter("server_version").startsWith("15"), db.parameter("server_version"));
                assertEquals("UTC", db.parameter("TimeZone"));
                assertEquals("shrapnel-test", db.parameter("application_name"));
                int pid = db.simpleQuery("select pg_backend_pid()").get(0).one().getInt(0);
                assertEquals(pid, db.processId());
                assertEquals('I', db.transactionStatus());
                assertFalse(db.isClosed());
            }
            return null;
        });
    }

    @Test
    void connectOutsideACoroSaysToSpawnOne() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgConnection.connect(PgServer.get().test().build()));
        assertTrue(e.getMessage().contains("must run in a coro"), e.getMessage());
    }
}
