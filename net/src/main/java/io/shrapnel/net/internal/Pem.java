package io.shrapnel.net.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files openssl writes: certificates (one or a chain) and unencrypted PKCS#8 private
 * keys ({@code BEGIN PRIVATE KEY}) of any algorithm the JDK knows (RSA, EC, Ed25519, RSASSA-PSS).
 * Read at configuration time, before any loop runs.
 *
 * <p>Threading: stateless.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "XDH"};

    private Pem() {}

    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] pem = Files.readAllBytes(file);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (var c : cf.generateCertificates(new ByteArrayInputStream(pem))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        return out;
    }

    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                return pkcs8(der, file);
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new GeneralSecurityException(file + " holds a '" + type + "', which is not PKCS#8; convert it "
                        + "with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
            }
        }
        throw new GeneralSecurityException("no '-----BEGIN PRIVATE KEY-----' block in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException wrongAlgorithm) {
                // try the next one: PKCS#8 names its algorithm by OID, KeyFactory wants a name
            }
        }
        throw new GeneralSecurityException("the private key in " + file + " is of an algorithm this JDK cannot read");
    }
}
