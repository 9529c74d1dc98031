package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpEntry;
import io.shrapnel.codecs.ftp.FtpProtocolException;
import io.shrapnel.codecs.ftp.FtpReply;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;

/** Random and mutated input for the parsers that face the network: they answer or refuse, never blow up. */
class ParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-12-06T18:00:00Z");

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789 -;=|(),:.<>abcdDrwxlJFMASOND\t\u00e9")
                .ofMaxLength(80);
        Arbitrary<String> near = Arbitraries.of(
                "-rw-r--r--    1 65534      nogroup            21 Dec  6 18:25 hello.txt",
                "drwxr-xr-x 2 0 0 4096 Nov 30 2019 d",
                "12-06-26  06:21PM       <DIR>          Program Files",
                "type=file;size=21;modify=20261206182500; hello.txt",
                "211-Features:", "211 End", "229 Entering Extended Passive Mode (|||20100|)",
                "227 Entering Passive Mode (127,0,0,1,78,52)").flatMap(s ->
                Arbitraries.integers().between(0, s.length()).flatMap(cut ->
                        Arbitraries.strings().withChars("0123456789 -;=|(),:x").ofMaxLength(4)
                                .map(junk -> s.substring(0, cut) + junk + s.substring(Math.min(s.length(), cut + junk.length())))));
        return Arbitraries.oneOf(noise, near);
    }

    @Property(tries = 2000)
    void listLinesParseOrGiveNull(@ForAll("lines") String line) {
        FtpEntry e = ListParser.parse(line, NOW);
        if (e != null) {
            Assertions.assertFalse(e.name().isEmpty(), line);
            Assertions.assertTrue(e.size() >= -1, line);
        }
    }

    @Property(tries = 2000)
    void mlsdLinesParseOrFailCleanly(@ForAll("lines") String line) {
        try {
            FtpEntry e = MlsdParser.parse(line);
            Assertions.assertFalse(e.name().isEmpty(), line);
        } catch (FtpProtocolException expected) {
            // refused with a message
        }
    }

    @Provide
    Arbitrary<List<String>> replies() {
        return lines().list().ofMaxSize(12);
    }

    @Property(tries = 2000)
    void repliesAssembleOrFailCleanly(@ForAll("replies") List<String> lines) {
        ReplyAssembler a = new ReplyAssembler(5);
        try {
            for (String l : lines) {
                FtpReply r = a.offer(l);
                if (r != null) {
                    Assertions.assertTrue(r.code() >= 100 && r.code() <= 599);
                    Assertions.assertTrue(r.lines().size() <= 6);
                }
            }
        } catch (FtpProtocolException expected) {
            // refused with a message
        }
    }

    @Property(tries = 2000)
    void addressesParseOrFailCleanly(@ForAll("lines") String line) {
        try {
            int p = DataAddress.epsv(line);
            Assertions.assertTrue(p >= 1 && p <= 65535);
        } catch (FtpProtocolException expected) {
            // refused
        }
        try {
            DataAddress.pasv(line);
        } catch (FtpProtocolException expected) {
            // refused
        }
    }
}
