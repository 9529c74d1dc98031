package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made with the real openssl for one test class, in a temporary directory: a CA; a
 * server certificate for localhost, 127.0.0.1 and ::1; one for the wrong host; an expired one; a
 * client CA and a client certificate. EC P-256 keys, which openssl makes in milliseconds.
 */
final class TestCerts {
    final Path dir;

    private TestCerts(Path dir) {
        this.dir = dir;
    }

    static TestCerts make(Path dir) throws IOException, InterruptedException {
        TestCerts c = new TestCerts(dir);
        c.ca("ca", "Shrapnel Test CA");
        c.ca("clientca", "Shrapnel Test Client CA");
        c.leaf("server", "localhost", "ca", "2", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth");
        c.leaf("wrong", "wrong.example", "ca", "2", "subjectAltName=DNS:wrong.example\nextendedKeyUsage=serverAuth");
        // -days -1: the certificate ended yesterday
        c.leaf("expired", "localhost", "ca", "-1", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        c.leaf("client", "test client", "clientca", "2", "extendedKeyUsage=clientAuth");
        return c;
    }

    Path crt(String name) {
        return dir.resolve(name + ".crt");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    private void ca(String name, String cn) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=" + cn, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", key(name).toString(), "-out", crt(name).toString());
    }

    private void leaf(String name, String cn, String ca, String days, String extensions)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + cn,
                "-keyout", key(name).toString(), "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", crt(ca).toString(), "-CAkey", key(ca).toString(),
                "-CAcreateserial", "-days", days, "-extfile", ext.toString(), "-out", crt(name).toString());
    }

    static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + new String(out));
    }
}
