package io.shrapnel.codecs.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes requests by method and path to handlers. Patterns are literal segments, {@code {name}}
 * (one segment, available as {@code request.pathParam("name")}) and, last, {@code {name...}} (the
 * rest of the path, slashes included). Routes are tried in the order they were added; HEAD is served
 * by GET routes. A path that matches no route is 404; one that matches only for other methods is 405
 * with {@code Allow}.
 *
 * <pre>{@code
 * Handler app = Router.create()
 *         .get("/hello", (req, res) -> res.send("hello"))
 *         .get("/users/{id}", (req, res) -> res.send("user " + req.pathParam("id")))
 *         .get("/files/{path...}", StaticFiles.serve(Path.of("www")));
 * }</pre>
 *
 * <p>Threading: build it before the server starts; matching only reads it.
 */
public final class Router implements Handler {
    private record Route(String method, String[] pattern, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private Handler notFound = (req, res) -> res.status(404).send("404 Not Found\n");

    private Router() {}

    public static Router create() {
        return new Router();
    }

    public Router get(String pattern, Handler h) {
        return route("GET", pattern, h);
    }

    public Router post(String pattern, Handler h) {
        return route("POST", pattern, h);
    }

    public Router put(String pattern, Handler h) {
        return route("PUT", pattern, h);
    }

    public Router delete(String pattern, Handler h) {
        return route("DELETE", pattern, h);
    }

    /** Adds a route for {@code method} ("*" for every method). */
    public Router route(String method, String pattern, Handler h) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern starts with '/', not: " + pattern);
        }
        String[] segs = pattern.substring(1).split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            if (s.startsWith("{") && s.endsWith("...}") && i != segs.length - 1) {
                throw new IllegalArgumentException("{name...} matches the rest of the path, so it must be last: " + pattern);
            }
            if (s.startsWith("{") != s.endsWith("}")) {
                throw new IllegalArgumentException("unbalanced braces in segment '" + s + "' of " + pattern);
            }
        }
        routes.add(new Route(method, segs, h));
        return this;
    }

    /** What answers a path no route matches (default: a plain 404). */
    public Router notFound(Handler h) {
        this.notFound = h;
        return this;
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        List<String> path = PathSegments.split(req.path());
        Set<String> allowed = null;
        for (Route r : routes) {
            Map<String, String> params = match(r.pattern, path);
            if (params == null) {
                continue;
            }
            String m = req.method();
            if (r.method.equals("*") || r.method.equals(m) || (m.equals("HEAD") && r.method.equals("GET"))) {
                req.pathParams(params);
                r.handler.handle(req, res);
                return;
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(r.method);
            if (r.method.equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (allowed != null) {
            res.status(405).header("Allow", String.join(", ", allowed)).send("405 Method Not Allowed\n");
            return;
        }
        notFound.handle(req, res);
    }

    private static Map<String, String> match(String[] pattern, List<String> path) {
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("...}")) {
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(p.substring(1, p.length() - 4), String.join("/", path.subList(Math.min(i, path.size()), path.size())));
                return params;
            }
            if (i >= path.size()) {
                return null;
            }
            String s = path.get(i);
            if (p.startsWith("{")) {
                if (s.isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(p.substring(1, p.length() - 1), s);
            } else if (!p.equals(s)) {
                return null;
            }
        }
        if (pattern.length != path.size()) {
            return null;
        }
        return params == null ? Map.of() : params;
    }
}
