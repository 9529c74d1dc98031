package io.shrapnel.codecs.ldap;

import static io.shrapnel.codecs.ldap.Slapd.ADMIN;
import static io.shrapnel.codecs.ldap.Slapd.ALICE;
import static io.shrapnel.codecs.ldap.Slapd.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Search and updates against the real slapd the tests start (servers/ldap.sh). */
@ExtendWith(SlapdExtension.class)
class LdapOperationsTest {
    private static final String PEOPLE = "ou=people," + BASE;
    private static final String BULK = "ou=bulk," + BASE;
    private final Slapd slapd;

    LdapOperationsTest(Slapd slapd) {
        this.slapd = slapd;
    }

    private void asAdmin(Slapd.Body body) throws Exception {
        slapd.asAdmin(body);
    }

    private static List<String> dns(LdapClient ldap, SearchRequest r) throws Exception {
        List<String> out = new ArrayList<>();
        try (SearchResults results = ldap.search(r)) {
            for (SearchEntry e : results) {
                out.add(e.dn());
            }
            assertTrue(results.result().isSuccess());
        }
        Collections.sort(out);
        return out;
    }

    @Test
    void scopes() throws Exception {
        asAdmin(ldap -> {
            assertEquals(List.of(PEOPLE), dns(ldap, SearchRequest.of(PEOPLE, Scope.BASE, "(objectClass=*)")));
            assertEquals(List.of(ALICE, "uid=bob," + PEOPLE), dns(ldap, SearchRequest.of(PEOPLE, Scope.ONE, "(objectClass=*)")));
            assertEquals(List.of(PEOPLE, ALICE, "uid=bob," + PEOPLE),
                    dns(ldap, SearchRequest.of(PEOPLE, Scope.SUB, "(objectClass=*)")));
        });
    }

    @Test
    void filtersOfEveryKindOnTheServer() throws Exception {
        asAdmin(ldap -> {
            String bob = "uid=bob," + PEOPLE;
            SearchRequest all = SearchRequest.of(PEOPLE, Scope.ONE, "(objectClass=*)");
            String[][] cases = {
                {"(uid=alice)", ALICE},
                {"(&(sn=Example)(!(uid=alice)))", bob},
                {"(|(uid=alice)(uid=bob))", ALICE + ";" + bob},
                {"(cn=Al*)", ALICE},
                {"(cn=*Exam*)", ALICE + ";" + bob},
                {"(mail=*@example.com)", ALICE + ";" + bob},
                {"(cn=B*x*ple)", bob},
                {"(createTimestamp>=19700101000000Z)", ALICE + ";" + bob},
                {"(createTimestamp<=19700101000000Z)", ""},
                {"(description=*\\28parens\\29*)", ALICE},
                {"(description=*\\2a*)", ALICE},
                {"(uid:caseExactMatch:=alice)", ALICE},
                {"(uid:dn:=bob)", bob},
                {"(:caseIgnoreMatch:=BOB)", bob},
                {"(telephoneNumber=*)", ""},
                {"(&)", ALICE + ";" + bob},
                {"(|)", ""},
                {"(cn~=Alice Example)", ALICE},
            };
            for (String[] c : cases) {
                List<String> want = c[1].isEmpty() ? List.of() : List.of(c[1].split(";"));
                assertEquals(want, dns(ldap, SearchRequest.of(PEOPLE, Scope.ONE, c[0])), c[0]);
            }
            assertEquals(2, dns(ldap, all).size());
        });
    }

    @Test
    void attributeSelectionAndTypesOnly() throws Exception {
        asAdmin(ldap -> {
            try (SearchResults r = ldap.search(SearchRequest.of(ALICE, Scope.BASE, "(objectClass=*)").attributes("cn", "mail"))) {
                SearchEntry e = r.next();
                assertEquals(ALICE, e.dn());
                assertEquals(2, e.attributes().size());
                assertEquals("Alice Example", e.first("CN"));
                assertEquals(List.of("alice@example.com"), e.attribute("mail").strings());
                assertNull(e.attribute("sn"));
                assertNull(e.first("sn"));
                assertNull(r.next());
                assertNull(r.next());
            }
            try (SearchResults r = ldap.search(SearchRequest.of(ALICE, Scope.BASE, "(objectClass=*)")
                    .attributes("cn").typesOnly(true))) {
                SearchEntry e = r.next();
                assertEquals(List.of(), e.attribute("cn").values());
            }
            try (SearchResults r = ldap.search(SearchRequest.of(ALICE, Scope.BASE, "(objectClass=*)").attributes("1.1"))) {
                assertEquals(List.of(), r.next().attributes());
            }
        });
    }

    @Test
    void sizeLimitEndsWithAnErrorAfterTheEntries() throws Exception {
        asAdmin(ldap -> {
            try (SearchResults r = ldap.search(SearchRequest.of(BULK, Scope.ONE, "(objectClass=*)").sizeLimit(5).timeLimit(10))) {
                int n = 0;
                LdapException e = null;
                try {
                    while (r.next() != null) {
                        n++;
                    }
                } catch (LdapException x) {
                    e = x;
                }
                assertEquals(5, n);
                assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, e.code());
                assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, r.result().code());
            }
        });
    }

    @Test
    void pagedSearchReadsEveryPage() throws Exception {
        asAdmin(ldap -> {
            int n = 0;
            try (SearchResults r = ldap.searchPaged(SearchRequest.of(BULK, Scope.ONE, "(objectClass=inetOrgPerson)")
                    .attributes("uid"), 32)) {
                for (SearchEntry e : r) {
                    assertEquals(String.format("u%05d", n), e.first("uid"));
                    n++;
                }
                assertTrue(r.result().isSuccess());
            }
            assertEquals(Slapd.BULK, n);
            assertThrows(IllegalArgumentException.class, () -> ldap.searchPaged(SearchRequest.of(BULK, Scope.ONE, "(a=b)"), 0));
            try (SearchResults one = ldap.searchPaged(SearchRequest.of(BULK, Scope.ONE, "(uid=u0000*)").attributes("uid"), 1)) {
                int got = 0;
                for (SearchEntry e : one) {
                    assertEquals(String.format("u%05d", got), e.first("uid"));
                    got++;
                }
                assertEquals(Math.min(10, Slapd.BULK), got, "pages of one entry: the smallest page there is");
            }
        });
    }

    @Test
    void closingASearchEarlyAbandonsIt() throws Exception {
        asAdmin(ldap -> {
            try (SearchResults r = ldap.search(SearchRequest.of(BULK, Scope.ONE, "(objectClass=*)"))) {
                r.next();
                r.next();
            }
            assertEquals(0, ldap.inFlight());
            assertEquals("dn:" + ADMIN, ldap.whoAmI());
        });
    }

    @Test
    void referralsAreReportedNotFollowed() throws Exception {
        asAdmin(ldap -> {
            SearchResults there = ldap.search(SearchRequest.of("ou=elsewhere," + BASE, Scope.BASE, "(objectClass=*)"));
            LdapException e = assertThrows(LdapException.class, there::next);
            assertEquals(ResultCode.REFERRAL, e.code());
            assertEquals(List.of("ldap://elsewhere.example:389/ou=elsewhere,dc=example,dc=com??base"), e.result().referrals());
            assertEquals("ou=elsewhere," + BASE, e.result().matchedDn());
            try (SearchResults r = ldap.search(SearchRequest.of(BASE, Scope.ONE, "(objectClass=*)"))) {
                int n = 0;
                while (r.next() != null) {
                    n++;
                }
                assertEquals(3, n);
                assertEquals(List.of("ldap://elsewhere.example:389/ou=elsewhere,dc=example,dc=com??base"), r.references());
            }
        });
    }

    @Test
    void addModifyCompareRenameDelete() throws Exception {
        asAdmin(ldap -> {
            String dn = "uid=carol," + PEOPLE;
            assertTrue(ldap.add(dn, Attribute.of("objectClass", "inetOrgPerson"), Attribute.of("uid", "carol"),
                    Attribute.of("cn", "Carol"), Attribute.of("sn", "Example"), Attribute.of("mail", "c1@example.com")).isSuccess());
            try {
                assertEquals(ResultCode.ENTRY_ALREADY_EXISTS, assertThrows(LdapException.class,
                        () -> ldap.add(dn, Attribute.of("objectClass", "inetOrgPerson"), Attribute.of("uid", "carol"),
                                Attribute.of("cn", "Carol"), Attribute.of("sn", "Example"))).code());
                assertTrue(ldap.compare(dn, "cn", "Carol"));
                assertFalse(ldap.compare(dn, "cn", "Dave"));
                assertTrue(ldap.modify(dn, Modification.add("mail", "c2@example.com"), Modification.replace("cn", "Caroline"),
                        Modification.delete("mail", "c1@example.com")).isSuccess());
                assertTrue(ldap.compare(dn, "mail", "c2@example.com"));
                assertFalse(ldap.compare(dn, "mail", "c1@example.com"));
                assertTrue(ldap.compare(dn, "cn", "Caroline"));
                ldap.modify(dn, Modification.delete("mail"));
                assertEquals(ResultCode.NO_SUCH_ATTRIBUTE, assertThrows(LdapException.class,
                        () -> ldap.modify(dn, Modification.delete("mail"))).code());
                assertTrue(ldap.modifyDn(dn, "uid=carol2", true, null).isSuccess());
                assertEquals(ResultCode.NO_SUCH_OBJECT, assertThrows(LdapException.class,
                        () -> ldap.compare(dn, "cn", "Caroline")).code());
                ldap.modifyDn("uid=carol2," + PEOPLE, "uid=carol", true, "ou=groups," + BASE);
                assertTrue(ldap.compare("uid=carol,ou=groups," + BASE, "uid", "carol"));
                ldap.modifyDn("uid=carol,ou=groups," + BASE, "uid=carol", true, PEOPLE);
            } finally {
                assertTrue(ldap.delete(dn).isSuccess());
            }
            assertEquals(ResultCode.NO_SUCH_OBJECT, assertThrows(LdapException.class, () -> ldap.delete(dn)).code());
            assertEquals(ResultCode.NOT_ALLOWED_ON_NON_LEAF, assertThrows(LdapException.class, () -> ldap.delete(PEOPLE)).code());
        });
    }

    @Test
    void anonymousCannotWrite() throws Exception {
        slapd.connected(ldap -> {
            LdapException e = assertThrows(LdapException.class, () -> ldap.modify(ALICE, Modification.replace("cn", "Mallory")));
            assertTrue(e.code() == ResultCode.INSUFFICIENT_ACCESS_RIGHTS || e.code() == 8, e.getMessage());
        });
    }

    @Test
    void manyOperationsInFlightOnOneConnection() throws Exception {
        asAdmin(ldap -> {
            int clients = 40;
            List<Coro> coros = new ArrayList<>();
            int[] found = new int[clients];
            for (int i = 0; i < clients; i++) {
                int k = i;
                coros.add(Coro.spawn("op-" + i, () -> {
                    String uid = String.format("u%05d", k * 7);
                    try (SearchResults r = ldap.search(SearchRequest.of(BULK, Scope.ONE, "(uid=" + uid + ")").attributes("uid"))) {
                        found[k] = uid.equals(r.next().first("uid")) && r.next() == null ? 1 : 0;
                    }
                }));
            }
            Coro.yieldSlice();
            assertTrue(ldap.inFlight() > 1, "operations in flight: " + ldap.inFlight());
            for (Coro c : coros) {
                c.join();
            }
            int sum = 0;
            for (int f : found) {
                sum += f;
            }
            assertEquals(clients, sum);
            assertEquals(0, ldap.inFlight());
        });
    }

    @Test
    void timeoutAbandonsTheOperationAndTheConnectionGoesOn() throws Exception {
        asAdmin(ldap -> {
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofNanos(1), () -> {
                try (SearchResults r = ldap.search(SearchRequest.of(BULK, Scope.ONE, "(objectClass=*)"))) {
                    while (r.next() != null) {
                        Coro.yieldSlice();
                    }
                }
            }));
            assertEquals(0, ldap.inFlight());
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofNanos(1), () -> ldap.compare(ALICE, "uid", "alice")));
            assertEquals(0, ldap.inFlight());
            assertTrue(ldap.compare(ALICE, "uid", "alice"));
        });
    }
}
