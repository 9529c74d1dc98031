package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.codecs.http.internal.Transport;
import io.shrapnel.kernel.Coro;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket connection (RFC 6455), written as straight-line code in one coro:
 *
 * <pre>{@code
 * router.get("/echo", WebSocket.endpoint(ws -> {
 *     WsMessage m;
 *     while ((m = ws.receive()) != null) {
 *         ws.send(m.asText());
 *     }
 * }));
 * }</pre>
 *
 * {@link #receive()} joins fragments, answers pings, and returns null once the connection is closed
 * (the peer's close is answered first). A protocol violation by the peer (bad masking, a fragmented
 * or oversized control frame, a message over {@link Limits#maxWebSocketMessage()}, text that is not
 * UTF-8) closes with the matching code (1002, 1009, 1007) and also ends in null; {@link #closeCode()}
 * tells which.
 *
 * <p>Threading: one coro receives; sends may come from coros of the same loop, but not at the same
 * time as another send.
 */
public final class WebSocket {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Only clients mask, so only they pay for seeding a SecureRandom (which can stall a loop for a while). */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
    /** How long the side that closes first waits for the peer's close frame. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** The body of a WebSocket session; it ends when this returns. */
    @FunctionalInterface
    public interface Session {
        void run(WebSocket ws) throws Exception;
    }

    private final HttpInput in;
    private final HttpOutput out;
    private final Transport transport;
    private final boolean client;
    private final int maxMessage;
    private boolean closeSent;
    private boolean closeReceived;
    private int closeCode = -1;
    private String closeReason = "";

    WebSocket(HttpInput in, HttpOutput out, Transport transport, boolean client, int maxMessage) {
        this.in = in;
        this.out = out;
        this.transport = transport;
        this.client = client;
        this.maxMessage = maxMessage;
    }

    /**
     * A handler that upgrades the request to a WebSocket and runs {@code session} on it. A request that
     * is no valid upgrade gets 400 (426 with {@code Sec-WebSocket-Version: 13} for another version).
     */
    public static Handler endpoint(Session session) {
        return (req, res) -> {
            WebSocket ws = upgrade(req, res);
            try {
                session.run(ws);
            } finally {
                ws.finish();
            }
        };
    }

    /** Answers {@code req} with 101 Switching Protocols and returns the WebSocket; the caller must close it. */
    public static WebSocket upgrade(Request req, Response res) throws IOException {
        Headers h = req.headers();
        if (!req.method().equals("GET") || !h.hasToken("Connection", "upgrade") || !h.hasToken("Upgrade", "websocket")) {
            throw new HttpProtocolException(400, "not a WebSocket upgrade (GET with Connection: Upgrade and Upgrade: websocket)");
        }
        if (!"13".equals(h.first("Sec-WebSocket-Version"))) {
            // Answered here: the 426 must name the version we speak (RFC 6455 4.4), and a refusal
            // thrown to the session would go out without the handler's headers.
            String why = "only WebSocket version 13 is supported";
            res.status(426).header("Sec-WebSocket-Version", "13").header("Connection", "close")
                    .send("426 " + Status.reason(426) + ": " + why + "\n");
            throw new HttpProtocolException(426, why);
        }
        String key = h.first("Sec-WebSocket-Key");
        if (key == null || h.count("Sec-WebSocket-Key") != 1 || !isNonce(key)) {
            throw new HttpProtocolException(400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        if (req.hasBody()) {
            throw new HttpProtocolException(400, "a WebSocket upgrade carries no body");
        }
        Exchange ex = req.exchange();
        Headers out = new Headers();
        out.add("Upgrade", "websocket");
        out.add("Connection", "Upgrade");
        out.add("Sec-WebSocket-Accept", acceptKey(key));
        ex.writeUpgrade(out);
        ServerSession s = ex.session;
        s.clearReadTimeout();
        return new WebSocket(s.input(), s.output(), s.transport(), false, s.limits().maxWebSocketMessage());
    }

    private static boolean isNonce(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** base64(SHA-1(key + GUID)), RFC 6455 section 4.2.2. */
    static String acceptKey(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-1", e);
        }
    }

    /** The next message; null once the connection is closed (by either side, or a violation). */
    public WsMessage receive() throws IOException {
        ByteArrayOutputStream partial = null;
        int partialOpcode = 0;
        while (!closeReceived) {
            WsFrame f;
            try {
                f = WsFrame.read(in, !client, maxMessage);
            } catch (WsFrame.Violation v) {
                fail(v.closeCode, v.getMessage());
                return null;
            } catch (EOFException e) {
                closeReceived = true;
                closeCode = 1006;
                transport.close();
                return null;
            }
            switch (f.opcode()) {
                case WsFrame.PING -> sendFrame(WsFrame.PONG, f.payload(), true);
                case WsFrame.PONG -> { }
                case WsFrame.CLOSE -> {
                    onClose(f.payload());
                    return null;
                }
                case WsFrame.CONTINUATION -> {
                    if (partial == null) {
                        fail(1002, "a continuation frame without a message to continue");
                        return null;
                    }
                    if (partial.size() + f.payload().length > maxMessage) {
                        fail(1009, "a message larger than " + maxMessage + " bytes");
                        return null;
                    }
                    partial.write(f.payload());
                    if (f.fin()) {
                        return message(partialOpcode, partial.toByteArray());
                    }
                }
                default -> { // TEXT, BINARY
                    if (partial != null) {
                        fail(1002, "a new message began before the fragmented one ended");
                        return null;
                    }
                    if (f.fin()) {
                        return message(f.opcode(), f.payload());
                    }
                    partial = new ByteArrayOutputStream();
                    partial.write(f.payload());
                    partialOpcode = f.opcode();
                }
            }
        }
        return null;
    }

    private WsMessage message(int opcode, byte[] data) throws IOException {
        if (opcode == WsFrame.BINARY) {
            return new WsMessage.Binary(data);
        }
        String text = utf8(data);
        if (text == null) {
            fail(1007, "a text message that is not UTF-8");
            return null;
        }
        return new WsMessage.Text(text);
    }

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void onClose(byte[] p) throws IOException {
        closeReceived = true;
        int code = 1005; // no status in the frame
        String reason = "";
        if (p.length == 1) {
            fail(1002, "a close frame with a one-byte payload");
            return;
        }
        if (p.length >= 2) {
            code = (p[0] & 0xff) << 8 | (p[1] & 0xff);
            reason = utf8(java.util.Arrays.copyOfRange(p, 2, p.length));
            if (!validCloseCode(code)) {
                fail(1002, "invalid close code " + code);
                return;
            }
            if (reason == null) {
                fail(1007, "a close reason that is not UTF-8");
                return;
            }
        }
        closeCode = code;
        closeReason = reason;
        if (!closeSent) {
            closeSent = true;
            sendFrame(WsFrame.CLOSE, p.length >= 2 ? new byte[] {p[0], p[1]} : new byte[0], true);
        }
        if (!client) {
            transport.close(); // the server closes the TCP connection first (RFC 6455 5.5.1)
        }
    }

    private static boolean validCloseCode(int c) {
        return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
    }

    /** Closes because the peer broke the protocol; the connection ends at once. */
    private void fail(int code, String why) {
        closeCode = code;
        closeReason = why;
        closeReceived = true;
        if (!closeSent) {
            closeSent = true;
            try {
                sendFrame(WsFrame.CLOSE, closePayload(code, ""), true);
            } catch (IOException e) {
                // the peer is gone anyway
            }
        }
        transport.close();
    }

    public void send(String text) throws IOException {
        sendFrame(WsFrame.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    public void send(byte[] data) throws IOException {
        sendFrame(WsFrame.BINARY, data, true);
    }

    /**
     * Sends one message in fragments of at most {@code fragmentSize} bytes (the peer joins them).
     * {@code text} picks the opcode of the first frame.
     */
    public void sendFragmented(byte[] data, boolean text, int fragmentSize) throws IOException {
        checkOpen();
        int off = 0;
        int opcode = text ? WsFrame.TEXT : WsFrame.BINARY;
        do {
            int n = Math.min(fragmentSize, data.length - off);
            boolean fin = off + n == data.length;
            WsFrame.write(out, fin, opcode, data, off, n, maskKey());
            opcode = WsFrame.CONTINUATION;
            off += n;
        } while (off < data.length);
        out.flush();
    }

    public void ping(byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
        }
        sendFrame(WsFrame.PING, payload, true);
    }

    /**
     * Starts the close handshake with {@code code} and {@code reason}, waits (up to 5 s) for the
     * peer's close, and closes the connection. Idempotent.
     */
    public void close(int code, String reason) throws IOException {
        if (!closeSent && !closeReceived) {
            byte[] payload = closePayload(code, reason); // a reason too long is refused before anything changes
            closeSent = true;
            closeCode = code;
            closeReason = reason;
            try {
                sendFrame(WsFrame.CLOSE, payload, true);
            } catch (IOException e) {
                transport.close();
                return;
            }
        }
        if (!closeReceived) {
            try {
                Coro.withTimeout(CLOSE_WAIT, () -> {
                    while (receiveAfterClose()) {
                        // drop data frames until the peer's close
                    }
                });
            } catch (Exception | io.shrapnel.kernel.TimeoutError e) {
                // gave up waiting
            }
        }
        transport.close();
    }

    private boolean receiveAfterClose() throws IOException {
        return receive() != null;
    }

    /** Ends the session of {@link #endpoint}: a normal close if the handler left it open. */
    void finish() throws IOException {
        if (!closeReceived || !closeSent) {
            close(1000, "");
        } else {
            transport.close();
        }
    }

    /** The close code received (or sent on a violation); 1005 if the close had none, 1006 if the connection just ended; -1 while open. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isOpen() {
        return !closeSent && !closeReceived;
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > 123) {
            throw new IllegalArgumentException("a close reason has at most 123 bytes in UTF-8");
        }
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return p;
    }

    private void checkOpen() throws IOException {
        if (closeSent) {
            throw new IOException("the WebSocket is closing (close code " + closeCode + "); nothing more can be sent");
        }
    }

    private byte[] maskKey() {
        if (!client) {
            return null;
        }
        byte[] k = new byte[4];
        Random.INSTANCE.nextBytes(k);
        return k;
    }

    private void sendFrame(int opcode, byte[] payload, boolean flush) throws IOException {
        if (opcode != WsFrame.CLOSE && opcode != WsFrame.PONG) {
            checkOpen();
        }
        WsFrame.write(out, true, opcode, payload, 0, payload.length, maskKey());
        if (flush) {
            out.flush();
        }
    }
}
