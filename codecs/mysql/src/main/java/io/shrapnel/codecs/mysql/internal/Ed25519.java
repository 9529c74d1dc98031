package io.shrapnel.codecs.mysql.internal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Ed25519 signing (RFC 8032) where the secret is a password of any length: MariaDB's
 * {@code client_ed25519} hashes the password with SHA-512 where RFC 8032 hashes a 32-byte seed,
 * and from there it is the standard scheme. The JDK's EdDSA takes only 32-byte seeds, hence this.
 * For a 32-byte password the signature equals the JDK's for that seed (a test checks it).
 *
 * <p>Plain {@link BigInteger} arithmetic on extended coordinates: not constant-time, which is
 * acceptable for one signature per login on the client side, and about a millisecond each.
 */
public final class Ed25519 {
    private Ed25519() {}

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    private static final BigInteger[] BASE = point(
            new BigInteger("15112221349535400772501151409588531511454012693041857206046113283949847762202"),
            new BigInteger("46316835694926478169428394003475163141307993866256225615783033603165251855960"));
    private static final BigInteger[] IDENTITY = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};

    private static BigInteger[] point(BigInteger x, BigInteger y) {
        return new BigInteger[] {x, y, BigInteger.ONE, x.multiply(y).mod(P)};
    }

    /** The 64-byte signature of {@code message} with the key derived from {@code password}. */
    public static byte[] sign(byte[] password, byte[] message) {
        byte[] az = sha512(password);
        az[0] &= (byte) 248;
        az[31] &= 63;
        az[31] |= 64;
        BigInteger a = littleEndian(Arrays.copyOf(az, 32));
        byte[] publicKey = encode(multiply(BASE, a));
        BigInteger r = littleEndian(sha512(Arrays.copyOfRange(az, 32, 64), message)).mod(L);
        byte[] rEncoded = encode(multiply(BASE, r));
        BigInteger k = littleEndian(sha512(rEncoded, publicKey, message)).mod(L);
        BigInteger s = r.add(k.multiply(a)).mod(L);
        byte[] sig = Arrays.copyOf(rEncoded, 64);
        System.arraycopy(toLittleEndian(s), 0, sig, 32, 32);
        return sig;
    }

    // RFC 8032 5.1.4: addition on extended coordinates; complete, so it doubles too
    private static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
        BigInteger a = p[1].subtract(p[0]).multiply(q[1].subtract(q[0])).mod(P);
        BigInteger b = p[1].add(p[0]).multiply(q[1].add(q[0])).mod(P);
        BigInteger c = p[3].multiply(D2).multiply(q[3]).mod(P);
        BigInteger d = p[2].shiftLeft(1).multiply(q[2]).mod(P);
        BigInteger e = b.subtract(a);
        BigInteger f = d.subtract(c);
        BigInteger g = d.add(c);
        BigInteger h = b.add(a);
        return new BigInteger[] {e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P)};
    }

    private static BigInteger[] multiply(BigInteger[] p, BigInteger scalar) {
        BigInteger[] result = IDENTITY;
        for (int i = scalar.bitLength(); i-- > 0; ) {
            result = add(result, result);
            if (scalar.testBit(i)) {
                result = add(result, p);
            }
        }
        return result;
    }

    private static byte[] encode(BigInteger[] p) {
        BigInteger zInverse = p[2].modInverse(P);
        BigInteger x = p[0].multiply(zInverse).mod(P);
        BigInteger y = p[1].multiply(zInverse).mod(P);
        byte[] out = toLittleEndian(y);
        if (x.testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    private static BigInteger littleEndian(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static byte[] toLittleEndian(BigInteger v) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) v.shiftRight(8 * i).intValue();
        }
        return out;
    }

    private static byte[] sha512(byte[]... parts) {
        return Scrambles.digest("SHA-512", parts);
    }
}
