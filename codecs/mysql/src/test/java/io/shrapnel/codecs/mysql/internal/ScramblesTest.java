package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each scramble checked the way the server checks it. */
class ScramblesTest {
    private static final byte[] NONCE = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    @Test
    void nativePasswordVerifiesLikeTheServer() {
        byte[] stored = Scrambles.digest("SHA-1", Scrambles.digest("SHA-1", "secret".getBytes(StandardCharsets.UTF_8)));
        byte[] response = Scrambles.nativePassword("secret", NONCE);
        byte[] stage1 = Scrambles.xor(response, Scrambles.digest("SHA-1", NONCE, stored));
        assertArrayEquals(stored, Scrambles.digest("SHA-1", stage1));
    }

    @Test
    void cachingSha2VerifiesLikeTheServer() {
        byte[] stored = Scrambles.digest("SHA-256", Scrambles.digest("SHA-256", "secret".getBytes(StandardCharsets.UTF_8)));
        byte[] response = Scrambles.cachingSha2("secret", NONCE);
        byte[] stage1 = Scrambles.xor(response, Scrambles.digest("SHA-256", stored, NONCE));
        assertArrayEquals(stored, Scrambles.digest("SHA-256", stage1));
    }

    @Test
    void aTrailingNulOnTheNonceIsIgnored() {
        byte[] withNul = java.util.Arrays.copyOf(NONCE, 21);
        assertArrayEquals(Scrambles.nativePassword("x", NONCE), Scrambles.nativePassword("x", withNul));
        assertArrayEquals(Scrambles.cachingSha2("x", NONCE), Scrambles.cachingSha2("x", withNul));
    }

    @Test
    void emptyPasswordsSendNothing() {
        assertEquals(0, Scrambles.nativePassword("", NONCE).length);
        assertEquals(0, Scrambles.cachingSha2("", NONCE).length);
    }

    @Test
    void anAuthSwitchNonceLosesItsTerminatorButAnEd25519OneIsKeptWhole() {
        byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        byte[] terminated = java.util.Arrays.copyOf(scramble, 21);
        assertArrayEquals(scramble, Authenticator.switchNonce("mysql_native_password", terminated));
        assertArrayEquals(scramble, Authenticator.switchNonce("mysql_native_password", scramble));
        assertArrayEquals(new byte[0], Authenticator.switchNonce("mysql_native_password", new byte[0]));
        byte[] ed = new byte[32]; // random bytes whose last one happens to be 0
        ed[0] = 7;
        assertArrayEquals(ed, Authenticator.switchNonce("client_ed25519", ed));
        assertArrayEquals(ed, Authenticator.switchNonce("client_ed25519", java.util.Arrays.copyOf(ed, 33)),
                "a terminator after the 32 bytes is dropped");
    }
}
