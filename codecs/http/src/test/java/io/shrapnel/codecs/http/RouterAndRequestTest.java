package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a handler sees of a request (target, query, body, path parameters) and how the router picks one. */
@ExtendWith(CoroTestExtension.class)
class RouterAndRequestTest {
    private static Request request(String method, String target, int minor, Headers headers, Framing framing, String body) {
        BodyInput in = BodyInput.of(framing, MemoryTransport.input(body), Limits.defaults());
        return new Request(method, target, minor, headers, in, "peer", null);
    }

    private static Request get(String target) {
        return request("GET", target, 1, new Headers(), Framing.NONE, "");
    }

    /** What {@code h} answers to {@code method target} on a connection of its own (Date left out). */
    private static String answer(Handler h, String method, String target) throws Exception {
        MemoryTransport t = new MemoryTransport(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, h, Limits.defaults()).run());
        }
        return t.output().replace("Date: *\r\n", "").replace("Connection: close\r\n", "");
    }

    private static Handler says(String what) {
        return (req, res) -> res.send(what + (req.pathParams().isEmpty() ? "" : " " + new java.util.TreeMap<>(req.pathParams())));
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** Built for each test: a router built once in a static initializer would never run a mutated builder method again. */
    private final Router app = Router.create()
            .get("/", says("root"))
            .get("/users/{id}", says("user"))
            .post("/users/{id}", says("post user"))
            .put("/users/{id}/name", says("rename"))
            .delete("/users/{id}", says("delete"))
            .route("*", "/any/{x}", says("any"))
            .get("/files/{rest...}", says("files"))
            .get("/a/{b}/c", says("abc"));

    @Test
    void literalSegmentsAndParametersMatchExactly() throws Exception {
        assertEquals("root", body(answer(app, "GET", "/")));
        assertEquals("user {id=7}", body(answer(app, "GET", "/users/7")));
        assertEquals("post user {id=7}", body(answer(app, "POST", "/users/7")));
        assertEquals("rename {id=7}", body(answer(app, "PUT", "/users/7/name")));
        assertEquals("delete {id=7}", body(answer(app, "DELETE", "/users/7")));
        assertEquals("abc {b=x y}", body(answer(app, "GET", "/a/x%20y/c")));
        assertEquals("404 Not Found\n", body(answer(app, "GET", "/users")), "a pattern longer than the path");
        assertEquals("404 Not Found\n", body(answer(app, "GET", "/users/7/extra")), "a path longer than the pattern");
        assertEquals("404 Not Found\n", body(answer(app, "GET", "/users/")), "a parameter never matches an empty segment");
        assertEquals("404 Not Found\n", body(answer(app, "GET", "/a/b/d")));
    }

    @Test
    void theRestOfThePathMayBeEmptyOrHoldSlashes() throws Exception {
        assertEquals("files {rest=a/b%2Fc/d}", body(answer(app, "GET", "/files/a/b%252Fc/d")));
        assertEquals("files {rest=a/b/}", body(answer(app, "GET", "/files/a/b/")));
        assertEquals("files {rest=}", body(answer(app, "GET", "/files/")));
        assertEquals("files {rest=}", body(answer(app, "GET", "/files")));
    }

    @Test
    void aStarRouteTakesEveryMethodAndHeadIsServedByGet() throws Exception {
        assertEquals("any {x=1}", body(answer(app, "PATCH", "/any/1")));
        assertEquals("any {x=1}", body(answer(app, "GET", "/any/1")));
        String head = answer(app, "HEAD", "/users/7");
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
        assertEquals("", body(head));
    }

    @Test
    void aPathKnownOnlyForOtherMethodsIs405WithEveryAllowedMethod() throws Exception {
        String out = answer(app, "PATCH", "/users/7");
        assertTrue(out.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), out);
        assertTrue(out.contains("\r\nAllow: GET, HEAD, POST, DELETE\r\n"), out);
        assertEquals("405 Method Not Allowed\n", body(out));
        String put = answer(app, "GET", "/users/7/name");
        assertTrue(put.contains("\r\nAllow: PUT\r\n"), "no HEAD without a GET: " + put);
    }

    @Test
    void aCustomNotFoundAnswersUnmatchedPaths() throws Exception {
        Router r = Router.create().get("/x", says("x")).notFound((req, res) -> res.status(410).send("gone " + req.path()));
        String out = answer(r, "GET", "/y");
        assertTrue(out.startsWith("HTTP/1.1 410 "), out);
        assertEquals("gone /y", body(out));
    }

    @Test
    void patternsAreCheckedWhenAdded() {
        Router r = Router.create();
        assertThrows(IllegalArgumentException.class, () -> r.get("users", says("x")));
        assertThrows(IllegalArgumentException.class, () -> r.get("/{rest...}/more", says("x")));
        assertThrows(IllegalArgumentException.class, () -> r.get("/{open", says("x")));
        assertThrows(IllegalArgumentException.class, () -> r.get("/close}", says("x")));
        r.get("/{rest...}", says("x")).get("/{a}/{b}", says("y")).get("/plain", says("z"));
    }

    @Test
    void pathSegmentsAreDecodedOneByOne() throws Exception {
        assertEquals(List.of("a", "b c", ""), PathSegments.split("/a/b%20c/"));
        assertEquals(List.of(""), PathSegments.split("/"));
        assertEquals(List.of("a/b"), PathSegments.split("/a%2Fb"), "an encoded slash stays in its segment");
        assertEquals(List.of("*"), PathSegments.split("*"));
        assertEquals("é", PathSegments.decode("%C3%a9"));
        assertEquals("x%", PathSegments.decode("x%25"));
        assertEquals("plain", PathSegments.decode("plain"));
        for (String bad : new String[] {"%", "%4", "%4g", "%g4", "a%", "%00", "%C3", "%FF", "%C3%28"}) {
            assertEquals(400, assertThrows(HttpProtocolException.class, () -> PathSegments.decode(bad), bad).status(), bad);
        }
        assertEquals(400, assertThrows(HttpProtocolException.class, () -> PathSegments.split("")).status());
        assertEquals(400, assertThrows(HttpProtocolException.class, () -> PathSegments.split("a/b")).status());
        assertEquals(400, assertThrows(HttpProtocolException.class, () -> PathSegments.split("**")).status());
    }

    @Test
    void theTargetSplitsIntoPathAndQuery() {
        Request r = get("/a/b?x=1&y");
        assertEquals("/a/b", r.path());
        assertEquals("x=1&y", r.query());
        assertEquals("/a/b?x=1&y", r.target());
        Request bare = get("/only");
        assertEquals("/only", bare.path());
        assertNull(bare.query());
        assertNull(bare.queryParam("x"));
        assertEquals("", get("/p?").query());
        Request onlyQuery = get("?a=1");
        assertEquals("", onlyQuery.path());
        assertEquals("a=1", onlyQuery.query());
    }

    @Test
    void anAbsoluteFormTargetKeepsOnlyThePath() {
        assertEquals("/x/y", get("http://host:8080/x/y?q").path());
        assertEquals("q", get("http://host:8080/x/y?q").query());
        assertEquals("/", get("https://host").path());
        assertEquals("/z", get("https://host/z").path());
        assertEquals("/", get("http://host?q=1").path());
    }

    @Test
    void queryParametersAreDecodedAndTheFirstWins() {
        Request r = get("/?a=1&b=x%20y&a=2&flag&c=%zz&d+e=f+g&=empty");
        assertEquals("1", r.queryParam("a"));
        assertEquals("x y", r.queryParam("b"));
        assertEquals("", r.queryParam("flag"));
        assertEquals("%zz", r.queryParam("c"), "a broken escape is kept as it came");
        assertEquals("f g", r.queryParam("d e"));
        assertEquals("empty", r.queryParam(""));
        assertNull(r.queryParam("missing"));
    }

    @Test
    void versionHeadersPeerAndToString() {
        Headers h = new Headers().add("X-A", "1");
        Request r = request("PUT", "/t", 0, h, Framing.NONE, "");
        assertEquals("HTTP/1.0", r.version());
        assertEquals("HTTP/1.1", get("/").version());
        assertEquals("1", r.header("x-a"));
        assertEquals(h, r.headers());
        assertEquals("peer", r.remoteAddress());
        assertEquals("PUT /t HTTP/1.0", r.toString());
        assertEquals(Map.of(), r.pathParams());
    }

    @Test
    void hasBodyIsTrueForALengthAboveZeroOrChunked() throws Exception {
        assertFalse(get("/").hasBody());
        assertFalse(request("POST", "/", 1, new Headers().add("Content-Length", "0"), Framing.NONE, "").hasBody());
        Request sized = request("POST", "/", 1, new Headers().add("Content-Length", "3"), Framing.sized(3), "abc");
        assertTrue(sized.hasBody());
        assertEquals("abc", sized.bodyText());
        assertTrue(sized.hasBody(), "still true once read: the request had one");
        assertTrue(request("POST", "/", 1, new Headers().add("Transfer-Encoding", "chunked"), Framing.CHUNKED, "0\r\n\r\n").hasBody());
        // "00" is a length of zero too
        assertFalse(request("POST", "/", 1, new Headers().add("Content-Length", "00"), Framing.sized(0), "").hasBody());
    }
}
