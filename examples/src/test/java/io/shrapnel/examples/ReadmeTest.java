package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the README tells a newcomer must be true: its first server is the one the tests run, its BOM complete. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theFirstServerInTheReadmeIsTheExampleAsItStands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("### Your first server");
        assertTrue(section > 0, "README has a 'Your first server' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String inReadme = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(ROOT.resolve("examples/src/main/java/io/shrapnel/examples/FirstServer.java"));
        String example = source.substring(source.indexOf("// README: your first server (begin)\n")
                + "// README: your first server (begin)\n".length(), source.indexOf("// README: your first server (end)"));
        assertEquals(example.strip(), inReadme.strip());
    }

    @Test
    void theFirstServerEchoesAndEndsWithCode70WhenItsPortIsTaken() throws Exception {
        int port = io.shrapnel.kernel.testing.LoopbackPorts.tcp();
        try (ExampleProcess server = ExampleProcess.start("first-server", String.valueOf(port))) {
            assertEquals(port, server.awaitListeningPort());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("hello\n".getBytes(US_ASCII));
                assertEquals("hello\n", new String(s.getInputStream().readNBytes(6), US_ASCII));
            }
            try (ExampleProcess second = ExampleProcess.start("first-server", String.valueOf(port))) {
                assertEquals(70, second.awaitExit(), String.join("\n", second.lines()));
            }
        }
    }

    /** Every artifact a user can depend on is in shrapnel-bom, so importing it sets every version. */
    @Test
    void theBomListsEveryPublishedModule() throws IOException {
        TreeSet<String> published = new TreeSet<>();
        for (Path pom : modulePoms(ROOT)) {
            String xml = Files.readString(pom);
            String artifact = firstArtifactIdAfterParent(xml);
            boolean aggregator = xml.contains("<packaging>pom</packaging>");
            if (!aggregator && !artifact.equals("shrapnel-examples") && !artifact.equals("shrapnel-benchmarks")) {
                published.add(artifact);
            }
        }
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        TreeSet<String> inBom = new TreeSet<>();
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(bom);
        while (m.find()) {
            inBom.add(m.group(1));
        }
        inBom.remove("shrapnel-bom");
        assertTrue(published.contains("shrapnel-kernel"), published.toString());
        assertEquals(published, inBom, "bom/pom.xml must list exactly the published modules");
    }

    private static List<Path> modulePoms(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        String xml = Files.readString(dir.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(xml);
        while (m.find()) {
            Path child = dir.resolve(m.group(1));
            out.add(child.resolve("pom.xml"));
            out.addAll(modulePoms(child));
        }
        return out;
    }

    private static String firstArtifactIdAfterParent(String xml) {
        int afterParent = xml.contains("</parent>") ? xml.indexOf("</parent>") : 0;
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(xml);
        if (!m.find(afterParent)) {
            throw new AssertionError("no artifactId in a module pom");
        }
        return m.group(1);
    }
}
