package io.shrapnel.codecs.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.ldap.internal.Scram.LdapSaslException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SCRAM against the exchanges published in RFC 5802 (SHA-1) and RFC 7677 (SHA-256), and its nonces. */
class ScramTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRfc5802ExchangeForScramSha1() throws Exception {
        Scram s = new Scram("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        assertEquals("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", new String(s.clientFirst(), StandardCharsets.UTF_8));
        byte[] fin = s.clientFinal(utf8("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertEquals("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                new String(fin, StandardCharsets.UTF_8));
        s.verifyServerFinal(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
        assertThrows(LdapSaslException.class, () -> s.verifyServerFinal(utf8("v=smF9pqV8S7suAoZWja4dJRkFsKQ=")));
    }

    @Test
    void theRfc7677ExchangeForScramSha256() throws Exception {
        Scram s = new Scram("SCRAM-SHA-256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        byte[] fin = s.clientFinal(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                new String(fin, StandardCharsets.UTF_8));
        LdapSaslException wrong = assertThrows(LdapSaslException.class,
                () -> s.verifyServerFinal(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
        assertTrue(wrong.getMessage().contains("does not match"), wrong.getMessage());
    }

    @Test
    void noncesAreFreshAndCarryEighteenRandomBytes() {
        String a = Scram.newNonce();
        String b = Scram.newNonce();
        assertNotEquals(a, b);
        assertEquals(18, Base64.getDecoder().decode(a).length);
    }

    @Test
    void aFieldWithAnEmptyValueIsThereAndAMissingOneIsNamed() {
        Scram s = new Scram("SCRAM-SHA-256", "user", "pencil", "abc");
        LdapSaslException missing = assertThrows(LdapSaslException.class, () -> s.clientFinal(utf8("r=abcdef,i=4096")));
        assertTrue(missing.getMessage().contains("has no s= field"), missing.getMessage());
        LdapSaslException empty = assertThrows(LdapSaslException.class, () -> s.clientFinal(utf8("r=abcdef,s=,i=")));
        assertTrue(empty.getMessage().contains("iteration count \"\""), empty.getMessage());
    }
}
