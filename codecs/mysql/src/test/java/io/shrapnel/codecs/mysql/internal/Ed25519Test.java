package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc8032FirstTestVector() {
        byte[] secret = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] sig = Ed25519.sign(secret, new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", HEX.formatHex(sig));
    }

    @Test
    void rfc8032SecondTestVectorWithAOneByteMessage() {
        byte[] secret = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
        byte[] sig = Ed25519.sign(secret, new byte[] {0x72});
        assertEquals("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00", HEX.formatHex(sig));
    }

    @Test
    void equalsTheJdkForThirtyTwoBytePasswords() throws Exception {
        Random random = new Random(42);
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        for (int i = 0; i < 20; i++) {
            byte[] seed = new byte[32];
            byte[] message = new byte[32];
            random.nextBytes(seed);
            random.nextBytes(message);
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
            jdk.update(message);
            assertArrayEquals(jdk.sign(), Ed25519.sign(seed, message), "seed " + HEX.formatHex(seed));
        }
    }
}
