package io.shrapnel.benchmarks.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.shrapnel.codecs.ldap.LdapClient;
import io.shrapnel.codecs.ldap.Scope;
import io.shrapnel.codecs.ldap.SearchEntry;
import io.shrapnel.codecs.ldap.SearchResults;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.directory.SearchControls;
import javax.naming.ldap.Control;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.PagedResultsControl;
import javax.naming.ldap.PagedResultsResponseControl;

/**
 * LDAP clients side by side against one slapd on loopback (servers/ldap.sh, 10,000 entries under
 * ou=bulk): Shrapnel's {@link LdapClient} (coros on one loop), the JDK's JNDI LDAP provider and
 * the UnboundID LDAP SDK (each client on a plain virtual thread).
 *
 * <ul>
 *   <li>bind+search: {@code clients} connections at once (1, 16, 64), each doing {@code ops / clients}
 *       times a simple bind as alice, then a one-level search for one entry by uid (cn returned);
 *       operations per second and client CPU (this JVM's process CPU time) per operation;</li>
 *   <li>paged: a search of all 10,000 entries in pages of 500 (RFC 2696), bound as the root DN;
 *       time and client CPU per full search.</li>
 * </ul>
 * Peers take turns in a rotating order; each figure is the median of the measured rounds.
 *
 * <p>Usage: {@code LdapBench [ops=4000] [rounds=3] [warmups=2] [port=20380] [ldapsPort=20381]}. It
 * starts and stops the slapd itself with servers/ldap.sh (run it from the project's root, as root).
 */
public final class LdapBench {
    static final String HOST = "127.0.0.1";
    static final String ALICE = "uid=alice,ou=people,dc=example,dc=com";
    static final String ALICE_PW = "alice123";
    static final String ADMIN = "cn=admin,dc=example,dc=com";
    static final String BULK = "ou=bulk,dc=example,dc=com";
    static final int ENTRIES = 10_000;
    static final int PAGE = 500;
    static int port;

    private record Result(double seconds, double cpuSeconds) {}

    private interface Peer {
        String name();

        /** {@code perClient} bind+search operations on each of {@code clients} connections. */
        Result bindSearch(int clients, int perClient) throws Exception;

        /** One paged search of every bulk entry. */
        Result paged() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        port = args.length > 3 ? Integer.parseInt(args[3]) : 20380;
        int ldapsPort = args.length > 4 ? Integer.parseInt(args[4]) : 20381;
        Path dir = Files.createTempDirectory("ldap-bench").resolve("slapd");
        run("servers/ldap.sh", "start", dir.toString(), Integer.toString(port), Integer.toString(ldapsPort),
                Integer.toString(ENTRIES));
        try {
            List<Peer> peers = List.of(new Shrapnel(), new Jndi(), new UnboundId());
            int[] clientCounts = {1, 16, 64};
            for (int clients : clientCounts) {
                double[][] secs = new double[peers.size()][rounds];
                double[][] cpu = new double[peers.size()][rounds];
                for (int r = 0; r < warmups + rounds; r++) {
                    for (int k = 0; k < peers.size(); k++) {
                        int p = (k + r) % peers.size();
                        Result res = peers.get(p).bindSearch(clients, Math.max(1, ops / clients));
                        int done = Math.max(1, ops / clients) * clients;
                        System.out.printf(Locale.ROOT, "%s %-9s bind+search x%-2d %8.0f ops/s cpu %7.1f us/op%n",
                                r < warmups ? "warm-up " : "measured", peers.get(p).name(), clients, done / res.seconds,
                                res.cpuSeconds * 1e6 / done);
                        if (r >= warmups) {
                            secs[p][r - warmups] = res.seconds / done;
                            cpu[p][r - warmups] = res.cpuSeconds / done;
                        }
                    }
                }
                report("bind+search, " + clients + " client(s)", peers, secs, cpu, "op");
            }
            double[][] secs = new double[peers.size()][rounds];
            double[][] cpu = new double[peers.size()][rounds];
            for (int r = 0; r < warmups + rounds; r++) {
                for (int k = 0; k < peers.size(); k++) {
                    int p = (k + r) % peers.size();
                    Result res = peers.get(p).paged();
                    System.out.printf(Locale.ROOT, "%s %-9s paged %d entries %7.1f ms cpu %7.1f ms%n",
                            r < warmups ? "warm-up " : "measured", peers.get(p).name(), ENTRIES, res.seconds * 1e3,
                            res.cpuSeconds * 1e3);
                    if (r >= warmups) {
                        secs[p][r - warmups] = res.seconds;
                        cpu[p][r - warmups] = res.cpuSeconds;
                    }
                }
            }
            report("paged search of " + ENTRIES + " entries (pages of " + PAGE + ")", peers, secs, cpu, "search");
        } finally {
            run("servers/ldap.sh", "stop", dir.toString());
        }
    }

    private static void report(String what, List<Peer> peers, double[][] secs, double[][] cpu, String unit) {
        System.out.printf(Locale.ROOT, "%n%s, medians:%n", what);
        double best = Double.MAX_VALUE;
        for (int p = 1; p < peers.size(); p++) {
            best = Math.min(best, median(cpu[p]));
        }
        for (int p = 0; p < peers.size(); p++) {
            System.out.printf(Locale.ROOT, "  %-9s %9.1f us/%s wall  %9.1f us/%s client CPU  (%.2fx the best peer's CPU)%n",
                    peers.get(p).name(), median(secs[p]) * 1e6, unit, median(cpu[p]) * 1e6, unit, median(cpu[p]) / best);
        }
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue());
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String uid(int i) {
        return String.format(Locale.ROOT, "u%05d", i % ENTRIES);
    }

    interface Task {
        void run(int client) throws Exception;
    }

    /** Runs {@code clients} tasks on plain virtual threads and times them. */
    static Result onVirtualThreads(int clients, Task task) throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int k = c;
                fs.add(ex.submit(() -> {
                    task.run(k);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return new Result((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9);
        }
    }

    /** Shrapnel's client: a coro per connection, all on one loop. */
    static final class Shrapnel implements Peer {
        @Override
        public String name() {
            return "shrapnel";
        }

        private static Result onLoop(int clients, Task task) throws Exception {
            try (Scheduler loop = Scheduler.create("ldap-bench")) {
                Exception[] failure = new Exception[1];
                for (int c = 0; c < clients; c++) {
                    int k = c;
                    loop.spawn("client-" + c, () -> {
                        try {
                            task.run(k);
                        } catch (Exception e) {
                            failure[0] = e;
                        }
                    });
                }
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                loop.runUntilDone();
                Result r = new Result((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9);
                if (failure[0] != null) {
                    throw failure[0];
                }
                return r;
            }
        }

        @Override
        public Result bindSearch(int clients, int perClient) throws Exception {
            return onLoop(clients, k -> {
                try (LdapClient ldap = LdapClient.connect(HOST, port)) {
                    for (int i = 0; i < perClient; i++) {
                        ldap.bind(ALICE, ALICE_PW);
                        String uid = uid(k * perClient + i);
                        try (SearchResults r = ldap.search(io.shrapnel.codecs.ldap.SearchRequest
                                .of(BULK, Scope.ONE, "(uid=" + uid + ")").attributes("cn"))) {
                            SearchEntry e = r.next();
                            if (e == null || r.next() != null) {
                                throw new IllegalStateException("expected one entry for " + uid);
                            }
                        }
                    }
                }
            });
        }

        @Override
        public Result paged() throws Exception {
            return onLoop(1, k -> {
                try (LdapClient ldap = LdapClient.connect(HOST, port)) {
                    ldap.bind(ADMIN, "secret");
                    int n = 0;
                    try (SearchResults r = ldap.searchPaged(io.shrapnel.codecs.ldap.SearchRequest
                            .of(BULK, Scope.ONE, "(objectClass=inetOrgPerson)"), PAGE)) {
                        while (r.next() != null) {
                            n++;
                        }
                    }
                    check(n);
                }
            });
        }
    }

    static void check(int n) {
        if (n != ENTRIES) {
            throw new IllegalStateException("paged search found " + n + " entries, not " + ENTRIES);
        }
    }

    /** The JDK's JNDI LDAP provider; a rebind is a change of credentials on the same context. */
    static final class Jndi implements Peer {
        @Override
        public String name() {
            return "jndi";
        }

        private static LdapContext context(String dn, String pw) throws Exception {
            Hashtable<String, Object> env = new Hashtable<>();
            env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
            env.put(Context.PROVIDER_URL, "ldap://" + HOST + ":" + port);
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, dn);
            env.put(Context.SECURITY_CREDENTIALS, pw);
            return new InitialLdapContext(env, null);
        }

        @Override
        public Result bindSearch(int clients, int perClient) throws Exception {
            return onVirtualThreads(clients, k -> {
                LdapContext ctx = context(ALICE, ALICE_PW);
                try {
                    SearchControls sc = new SearchControls();
                    sc.setSearchScope(SearchControls.ONELEVEL_SCOPE);
                    sc.setReturningAttributes(new String[] {"cn"});
                    for (int i = 0; i < perClient; i++) {
                        ctx.reconnect(null);
                        String uid = uid(k * perClient + i);
                        NamingEnumeration<?> r = ctx.search(BULK, "(uid=" + uid + ")", sc);
                        int n = 0;
                        while (r.hasMore()) {
                            r.next();
                            n++;
                        }
                        if (n != 1) {
                            throw new IllegalStateException("expected one entry for " + uid);
                        }
                    }
                } finally {
                    ctx.close();
                }
            });
        }

        @Override
        public Result paged() throws Exception {
            return onVirtualThreads(1, k -> {
                LdapContext ctx = context(ADMIN, "secret");
                try {
                    SearchControls sc = new SearchControls();
                    sc.setSearchScope(SearchControls.ONELEVEL_SCOPE);
                    byte[] cookie = null;
                    int n = 0;
                    do {
                        ctx.setRequestControls(new Control[] {new PagedResultsControl(PAGE, cookie, Control.NONCRITICAL)});
                        NamingEnumeration<?> r = ctx.search(BULK, "(objectClass=inetOrgPerson)", sc);
                        while (r.hasMore()) {
                            r.next();
                            n++;
                        }
                        cookie = null;
                        Control[] got = ctx.getResponseControls();
                        if (got != null) {
                            for (Control c : got) {
                                if (c instanceof PagedResultsResponseControl prc) {
                                    cookie = prc.getCookie();
                                }
                            }
                        }
                    } while (cookie != null && cookie.length > 0);
                    check(n);
                } finally {
                    ctx.close();
                }
            });
        }
    }

    /** The UnboundID LDAP SDK with its default (synchronous-mode off) connection. */
    static final class UnboundId implements Peer {
        @Override
        public String name() {
            return "unboundid";
        }

        @Override
        public Result bindSearch(int clients, int perClient) throws Exception {
            return onVirtualThreads(clients, k -> {
                try (LDAPConnection c = new LDAPConnection(HOST, port)) {
                    for (int i = 0; i < perClient; i++) {
                        c.bind(ALICE, ALICE_PW);
                        String uid = uid(k * perClient + i);
                        SearchResult r = c.search(BULK, SearchScope.ONE, "(uid=" + uid + ")", "cn");
                        if (r.getEntryCount() != 1) {
                            throw new IllegalStateException("expected one entry for " + uid);
                        }
                    }
                }
            });
        }

        @Override
        public Result paged() throws Exception {
            return onVirtualThreads(1, k -> {
                try (LDAPConnection c = new LDAPConnection(HOST, port, ADMIN, "secret")) {
                    int n = 0;
                    com.unboundid.asn1.ASN1OctetString cookie = null;
                    do {
                        SearchRequest req = new SearchRequest(BULK, SearchScope.ONE, "(objectClass=inetOrgPerson)");
                        req.addControl(new SimplePagedResultsControl(PAGE, cookie));
                        SearchResult r = c.search(req);
                        n += r.getEntryCount();
                        SimplePagedResultsControl resp = SimplePagedResultsControl.get(r);
                        cookie = resp == null ? null : resp.getCookie();
                    } while (cookie != null && cookie.getValueLength() > 0);
                    check(n);
                }
            });
        }
    }
}
