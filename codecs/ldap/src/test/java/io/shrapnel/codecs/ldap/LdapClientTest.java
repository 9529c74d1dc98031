package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.Protocol;
import static io.shrapnel.codecs.ldap.Slapd.ADMIN;
import static io.shrapnel.codecs.ldap.Slapd.ADMIN_PASSWORD;
import static io.shrapnel.codecs.ldap.Slapd.ALICE;
import static io.shrapnel.codecs.ldap.Slapd.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Binds, TLS and SASL against the real slapd the tests start (servers/ldap.sh). */
@ExtendWith(SlapdExtension.class)
class LdapClientTest {
    private final Slapd slapd;

    LdapClientTest(Slapd slapd) {
        this.slapd = slapd;
    }

    private void plain(Slapd.Body body) throws Exception {
        slapd.connected(body);
    }

    private TlsConfig tls() throws Exception {
        return TlsConfig.client().trustPem(slapd.ca()).build();
    }

    @Test
    void simpleBindAndWhoAmI() throws Exception {
        plain(ldap -> {
            assertEquals("", ldap.whoAmI());
            assertTrue(ldap.bind(ALICE, "alice123").isSuccess());
            assertEquals("dn:" + ALICE, ldap.whoAmI());
            assertTrue(ldap.anonymousBind().isSuccess());
            assertEquals("", ldap.whoAmI());
            assertEquals(0, ldap.inFlight());
        });
    }

    @Test
    void wrongPasswordIsInvalidCredentials() throws Exception {
        plain(ldap -> {
            LdapException e = assertThrows(LdapException.class, () -> ldap.bind(ALICE, "wrong"));
            assertEquals(ResultCode.INVALID_CREDENTIALS, e.code());
            assertEquals("bind as " + ALICE + " failed: invalidCredentials (49)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ldap.bind(ALICE, ""));
        });
    }

    @Test
    void startTlsThenBind() throws Exception {
        plain(ldap -> {
            ldap.startTls(tls(), "127.0.0.1");
            ldap.bind(ALICE, "alice123");
            assertEquals("dn:" + ALICE, ldap.whoAmI());
            assertThrows(IllegalStateException.class, () -> ldap.startTls(tls(), "127.0.0.1"));
        });
    }

    @Test
    void startTlsWithAWrongNameFailsTheConnection() throws Exception {
        plain(ldap -> {
            assertThrows(java.io.IOException.class, () -> ldap.startTls(tls(), "not-the-server.example"));
            LdapException e = assertThrows(LdapException.class, ldap::whoAmI);
            assertTrue(e.getMessage().startsWith("LDAP connection is closed"), e.getMessage());
        });
    }

    @Test
    void ldapsAndSaslExternalWithAClientCertificate() throws Exception {
        TlsConfig withCert = TlsConfig.client().trustPem(slapd.ca())
                .keyPem(slapd.file("alice.crt"), slapd.file("alice.key")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (LdapClient ldap = LdapClient.connectTls("127.0.0.1", slapd.ldapsPort, withCert)) {
                    assertTrue(ldap.saslExternal().isSuccess());
                    assertEquals("dn:" + ALICE, ldap.whoAmI());
                }
                try (LdapClient ldap = LdapClient.connectTls("127.0.0.1", slapd.ldapsPort, tls())) {
                    ldap.bind(ALICE, "alice123");
                    assertEquals("dn:" + ALICE, ldap.whoAmI());
                    LdapException e = assertThrows(LdapException.class, ldap::saslExternal);
                    assertTrue(e.code() > 0, e.getMessage());
                }
            });
        }
    }

    @Test
    void saslPlainAndScram() throws Exception {
        plain(ldap -> {
            assertTrue(ldap.saslPlain("alice", "alice123").isSuccess());
            assertEquals("dn:" + ALICE, ldap.whoAmI());
            for (String mech : List.of("SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512")) {
                assertTrue(ldap.saslScram(mech, "bob", "bob123").isSuccess(), mech);
                assertEquals("dn:uid=bob,ou=people,dc=example,dc=com", ldap.whoAmI(), mech);
            }
            assertEquals(ResultCode.INVALID_CREDENTIALS,
                    assertThrows(LdapException.class, () -> ldap.saslPlain("alice", "nope")).code());
            assertEquals(ResultCode.INVALID_CREDENTIALS,
                    assertThrows(LdapException.class, () -> ldap.saslScram("SCRAM-SHA-256", "alice", "nope")).code());
            assertThrows(IllegalArgumentException.class, () -> ldap.saslScram("SCRAM-MD5", "alice", "x"));
        });
    }

    @Test
    void passwordModify() throws Exception {
        plain(ldap -> {
            ldap.bind(ADMIN, ADMIN_PASSWORD);
            ldap.add("uid=pw,ou=people," + BASE, Attribute.of("objectClass", "inetOrgPerson"), Attribute.of("uid", "pw"),
                    Attribute.of("cn", "Pw"), Attribute.of("sn", "Pw"), Attribute.of("userPassword", "first"));
            try {
                assertNull(ldap.passwordModify("uid=pw,ou=people," + BASE, null, "second"));
                String generated = ldap.passwordModify("uid=pw,ou=people," + BASE, null, null);
                assertFalse(generated.isEmpty());
                ldap.bind("uid=pw,ou=people," + BASE, generated);
                assertEquals("dn:uid=pw,ou=people," + BASE, ldap.whoAmI());
                assertNull(ldap.passwordModify(null, generated, "third"));
                ldap.bind("uid=pw,ou=people," + BASE, "third");
            } finally {
                ldap.bind(ADMIN, ADMIN_PASSWORD);
                ldap.delete("uid=pw,ou=people," + BASE);
            }
        });
    }

    @Test
    void unknownExtendedOperationIsReported() throws Exception {
        plain(ldap -> {
            LdapException e = assertThrows(LdapException.class, () -> ldap.extended("1.2.3.4.5", null));
            assertEquals(ResultCode.PROTOCOL_ERROR, e.code());
            ExtendedResult r = ldap.extended(Protocol.WHO_AM_I, null);
            assertTrue(r.result().isSuccess());
            List<String> seen = new ArrayList<>();
            seen.add(r.result().toString());
            assertEquals(List.of("success (0)"), seen);
        });
    }
}
