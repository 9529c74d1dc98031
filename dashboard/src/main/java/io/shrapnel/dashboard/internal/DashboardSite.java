package io.shrapnel.dashboard.internal;

import io.shrapnel.codecs.http.Handler;
import io.shrapnel.codecs.http.HttpProtocolException;
import io.shrapnel.codecs.http.Request;
import io.shrapnel.codecs.http.Response;
import io.shrapnel.codecs.http.Router;
import io.shrapnel.codecs.http.WebSocket;
import io.shrapnel.kernel.Coro;
import java.util.concurrent.Callable;

/**
 * The dashboard's HTTP side: every request passes the {@link AccessGuard} first, then
 *
 * <pre>
 * GET  /                        the page (with ?token=: sets the cookie and redirects to /)
 * GET  /static/{file}           its script, style and uPlot
 * GET  /ws                      the WebSocket of snapshots ({@link PageSession})
 * GET  /api/snapshot            a snapshot read now, every table included (JSON)
 * GET  /api/history             the time series of the last minutes (JSON)
 * GET  /api/stack?node=&amp;id=     one coro's stack (text)
 * POST /api/slicetiming?node=&amp;bean=&amp;on=   a loop's slice timing on or off
 * POST /api/profiler/start?node=&amp;period=   POST /api/profiler/stop?node=
 * GET  /api/profiler/report?node=   the node's last profile (HTML)
 * </pre>
 *
 * <p>Threading: runs in the connection coros of the dashboard's loop; JMX calls are offloaded.
 */
public final class DashboardSite implements Handler {
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final AccessGuard guard;
    private final Sampler sampler;
    private final NodeCommands commands;
    private final StaticAssets assets = new StaticAssets();
    private final Router router;

    public DashboardSite(AccessGuard guard, Sampler sampler, NodeCommands commands) {
        this.guard = guard;
        this.sampler = sampler;
        this.commands = commands;
        this.router = Router.create()
                .get("/", (req, res) -> asset("index.html", res))
                .get("/static/{file}", (req, res) -> asset(req.pathParam("file"), res))
                .get("/ws", this::webSocket)
                .get("/api/snapshot", (req, res) -> json(res, sampler.latest() == null ? null : sampler.fullSnapshot()))
                .get("/api/history", (req, res) -> json(res, sampler.history()))
                .get("/api/stack", (req, res) -> text(res, offload(() -> commands.stack(node(req), number(req, "id")))))
                .post("/api/profiler/start", (req, res) -> command(req, res, () ->
                        commands.startProfiler(node(req), req.queryParam("period") == null ? 1 : number(req, "period"))))
                .post("/api/slicetiming", (req, res) -> command(req, res, () ->
                        commands.sliceTiming(node(req), req.queryParam("bean"), "true".equals(req.queryParam("on")))))
                .post("/api/profiler/stop", (req, res) -> command(req, res, () -> commands.stopProfiler(node(req))))
                .get("/api/profiler/report", this::report);
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        res.header("Cache-Control", "no-store");
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        if (!guard.hostAllowed(req)) {
            res.status(403).contentType("text/plain; charset=utf-8")
                    .send("403: this dashboard answers only to its own address (the Host header named another)\n");
            return;
        }
        if (!guard.hasToken(req)) {
            res.status(403).contentType("text/plain; charset=utf-8")
                    .send("403: this dashboard needs its token: open the URL it printed when it started "
                            + "(also in its token file, ~/.shrapnel/dashboard/<pid>-<port>.token)\n");
            return;
        }
        if (guard.tokenInQuery(req)) {
            res.header("Set-Cookie", guard.cookie());
            if (req.path().equals("/")) {
                // the token leaves the address bar (and any history or screen share) once the cookie holds it
                res.status(303).header("Location", "/").send("");
                return;
            }
        }
        router.handle(req, res);
    }

    private void asset(String name, Response res) throws Exception {
        byte[] body = assets.bytes(name);
        if (body == null) {
            throw new HttpProtocolException(404, "no such file");
        }
        res.header("Content-Security-Policy", CSP).contentType(assets.type(name)).send(body);
    }

    private void webSocket(Request req, Response res) throws Exception {
        if (!guard.originAllowed(req, true)) {
            res.status(403).contentType("text/plain; charset=utf-8")
                    .send("403: the dashboard's WebSocket opens only from the dashboard's own page (Origin)\n");
            return;
        }
        WebSocket.endpoint(ws -> new PageSession(ws, sampler).run()).handle(req, res);
    }

    private void command(Request req, Response res, Callable<String> command) throws Exception {
        if (!guard.originAllowed(req, false)) {
            res.status(403).contentType("text/plain; charset=utf-8")
                    .send("403: commands come only from the dashboard's own page (Origin)\n");
            return;
        }
        text(res, offload(command));
    }

    private void report(Request req, Response res) throws Exception {
        String html = offload(() -> commands.reportHtml(node(req)));
        if (html == null) {
            throw new HttpProtocolException(404, "no profile of that node yet: start and stop the profiler first");
        }
        // the report is a page of its own with its own scripts: a sandbox keeps it from the
        // dashboard's cookie and API
        res.header("Content-Security-Policy", "sandbox allow-scripts; frame-ancestors 'self'")
                .contentType("text/html; charset=utf-8").send(html);
    }

    private static <T> T offload(Callable<T> call) throws Exception {
        try {
            return Coro.offload(call);
        } catch (HttpProtocolException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new HttpProtocolException(400, e.getMessage());
        } catch (javax.management.JMException | java.io.IOException e) {
            throw new HttpProtocolException(502, "the node did not do it: " + e.getMessage());
        }
    }

    private static void json(Response res, String body) throws Exception {
        if (body == null) {
            throw new HttpProtocolException(503, "no sample yet; try again in a second");
        }
        res.contentType("application/json").send(body);
    }

    private static void text(Response res, String body) throws Exception {
        res.contentType("text/plain; charset=utf-8").send(body);
    }

    private static int node(Request req) throws HttpProtocolException {
        return (int) Math.min(Integer.MAX_VALUE, number(req, "node"));
    }

    private static long number(Request req, String param) throws HttpProtocolException {
        String v = req.queryParam(param);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpProtocolException(400, "?" + param + "= needs a number, not " + v);
        }
    }
}
