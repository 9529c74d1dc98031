package io.shrapnel.codecs.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example, against the test slapd (only the host, port and CA path differ). */
@ExtendWith(SlapdExtension.class)
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns(Slapd slapd) throws Exception {
        List<String> printed = new ArrayList<>();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TlsConfig tls = TlsConfig.client().trustPem(slapd.ca()).build();
                try (LdapClient ldap = LdapClient.connect("127.0.0.1", slapd.port)) {
                    ldap.startTls(tls, "127.0.0.1");
                    ldap.bind("uid=alice,ou=people,dc=example,dc=com", "alice123");
                    SearchRequest people = SearchRequest.of("dc=example,dc=com", Scope.SUB,
                            "(&(objectClass=person)(mail=*@example.com))").attributes("cn", "mail").sizeLimit(100);
                    try (SearchResults r = ldap.search(people)) {
                        for (SearchEntry e : r) {
                            printed.add(e.dn() + " " + e.first("cn"));
                        }
                    }
                    boolean isAlice = ldap.compare("uid=alice,ou=people,dc=example,dc=com", "uid", "alice");
                    String me = ldap.whoAmI();
                    assertTrue(isAlice);
                    assertEquals("dn:uid=alice,ou=people,dc=example,dc=com", me);
                }
            });
        }
        printed.sort(null);
        assertEquals(List.of("uid=alice,ou=people,dc=example,dc=com Alice Example",
                "uid=bob,ou=people,dc=example,dc=com Bob Example"), printed);
    }
}
