package io.shrapnel.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessGuardTest {
    static final String TOKEN = "0123456789abcdef0123";
    final AccessGuard guard = new AccessGuard(TOKEN, 28001, Set.of("127.0.0.1:28001", "LocalHost:28001"));

    @Test
    void onlyTheExactTokenPasses() {
        assertTrue(guard.isToken(TOKEN));
        assertFalse(guard.isToken(null));
        assertFalse(guard.isToken(""));
        assertFalse(guard.isToken(TOKEN.substring(1)));
        assertFalse(guard.isToken(TOKEN + "0"));
        assertFalse(guard.isToken(TOKEN.toUpperCase()));
    }

    @Test
    void aShortTokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AccessGuard("short", 1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new AccessGuard(null, 1, Set.of()));
        new AccessGuard("0123456789abcdef", 1, Set.of()); // 16 is enough
    }

    @Test
    void newTokensAreLongAndDifferent() {
        String a = AccessGuard.newToken();
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
        assertNotEquals(a, AccessGuard.newToken());
    }

    @Test
    void theCookieIsNamedForThePortAndKeptFromScripts() {
        assertEquals("shrapnel-dashboard-28001", guard.cookieName());
        assertEquals("shrapnel-dashboard-28001=" + TOKEN + "; Path=/; HttpOnly; SameSite=Strict", guard.cookie());
    }

    @Test
    void cookiesAreFoundAmongOthers() {
        assertEquals("v", AccessGuard.cookie(List.of("a=1; n=v; b=2"), "n"));
        assertEquals("v", AccessGuard.cookie(List.of("a=1", " n = v "), "n"));
        assertEquals("x=y", AccessGuard.cookie(List.of("n=x=y"), "n"));
        assertNull(AccessGuard.cookie(List.of("nn=1; an=2; =3; n"), "n"));
        assertNull(AccessGuard.cookie(List.of(), "n"));
        assertNull(AccessGuard.cookie(List.of("=3"), ""), "a pair without a name names nothing");
    }
}
