package io.shrapnel.codecs.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.ftp.FtpEntry;
import io.shrapnel.codecs.ftp.FtpProtocolException;
import io.shrapnel.codecs.ftp.FtpReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand cases for the reply, LIST, MLSD and address parsers. */
class ParsersTest {
    private static final Instant NOW = Instant.parse("2026-12-06T18:00:00Z");

    private static FtpReply feed(ReplyAssembler a, String... lines) throws FtpProtocolException {
        FtpReply r = null;
        for (String l : lines) {
            assertNull(r, "a reply completed before its last line");
            r = a.offer(l);
        }
        return r;
    }

    @Test
    void oneLineAndMultiLineReplies() throws Exception {
        ReplyAssembler a = new ReplyAssembler(100);
        assertEquals(new FtpReply(200, List.of("ok")), feed(a, "200 ok"));
        assertEquals(new FtpReply(211, List.of("Features:", " SIZE", "212 not the end", "211-nor this", "End")),
                feed(a, "211-Features:", " SIZE", "212 not the end", "211-nor this", "211 End"));
        assertEquals(new FtpReply(226, List.of("")), feed(a, "226"));
        assertEquals(new FtpReply(220, List.of("a", "")), feed(a, "220-a", "220 "));
    }

    @Test
    void repliesThatAreNotFtpAreRefused() {
        for (String bad : List.of("", "20", "2000 x", "099 low", "600 high", "abc def", "200x", "2a0 x")) {
            assertThrows(FtpProtocolException.class, () -> new ReplyAssembler(10).offer(bad), bad);
        }
    }

    @Test
    void aMultiLineReplyIsBounded() throws Exception {
        ReplyAssembler a = new ReplyAssembler(3);
        feed(a, "211-a", "b");
        assertNull(a.offer("c"));
        FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> a.offer("211 end"));
        assertEquals("a multi-line 211 reply longer than 3 lines", e.getMessage());
    }

    @Test
    void replyAccessors() {
        FtpReply r = new FtpReply(150, List.of("a", "b"));
        assertTrue(r.isPreliminary());
        assertEquals("a", r.text());
        assertEquals("150 a / b", r.toString());
        assertTrue(FtpReply.of(200, "x").isComplete());
        assertTrue(FtpReply.of(350, "x").isIntermediate());
        assertEquals(false, FtpReply.of(300, "x").isComplete());
        assertEquals(false, FtpReply.of(199, "x").isComplete());
        assertEquals(false, FtpReply.of(200, "x").isPreliminary());
        assertEquals(false, FtpReply.of(400, "x").isIntermediate());
        assertEquals(false, FtpReply.of(299, "x").isIntermediate());
        assertTrue(FtpReply.of(299, "x").isComplete());
        assertThrows(IllegalArgumentException.class, () -> FtpReply.of(99, "x"));
        assertThrows(IllegalArgumentException.class, () -> FtpReply.of(600, "x"));
        assertThrows(IllegalArgumentException.class, () -> new FtpReply(200, List.of()));
        FtpReply.of(100, "x");
        FtpReply.of(599, "x");
    }

    @Test
    void unixListLines() {
        FtpEntry f = ListParser.parse("-rw-r--r--    1 65534      nogroup            21 Dec  7 18:01 hello.txt", NOW);
        assertEquals(new FtpEntry("hello.txt", FtpEntry.Type.FILE, 21, Instant.parse("2025-12-07T18:01:00Z"), null,
                java.util.Map.of()), f, "a time a day past now is last year's");
        FtpEntry d = ListParser.parse("drwxr-xr-x 2 0 0 4096 Nov 30 09:05 my dir", NOW);
        assertEquals("my dir", d.name());
        assertTrue(d.isDirectory());
        assertEquals(Instant.parse("2026-11-30T09:05:00Z"), d.modified());
        FtpEntry old = ListParser.parse("-rw-r--r-- 1 owner group 1234567890123 Jan 1 2001 old.tar", NOW);
        assertEquals(1234567890123L, old.size());
        assertEquals(Instant.parse("2001-01-01T00:00:00Z"), old.modified());
        FtpEntry link = ListParser.parse("lrwxrwxrwx 1 u g 7 Dec 6 17:00 latest -> v1.2.3", NOW);
        assertEquals(FtpEntry.Type.LINK, link.type());
        assertEquals("latest", link.name());
        assertEquals("v1.2.3", link.linkTarget());
        FtpEntry noGroup = ListParser.parse("-rw-r--r-- 1 1000 12 Dec 6 17:59 a", NOW);
        assertEquals(12, noGroup.size());
        assertEquals(Instant.parse("2026-12-06T17:59:00Z"), noGroup.modified());
        assertEquals(FtpEntry.Type.OTHER, ListParser.parse("crw-rw-rw- 1 0 0 0 Dec 6 17:59 null", NOW).type());
        FtpEntry tomorrow = ListParser.parse("-rw-r--r-- 1 a b 1 Dec 7 17:00 soon", NOW);
        assertEquals(Instant.parse("2026-12-07T17:00:00Z"), tomorrow.modified(), "less than a day ahead: this year");
    }

    @Test
    void linesThatAreNotEntriesGiveNull() {
        for (String bad : List.of("total 12", "", "drwx", "xrw-r--r-- 1 a b 1 Dec 6 17:00 f",
                "-rw-r--r-- 1 a b 1 Foo 6 17:00 f", "-rw-r--r-- 1 a b 1 Dec 32 17:00 f",
                "-rw-r--r-- 1 a b 1 Dec 6 25:00 f", "-rw-r--r-- 1 a b 1 Feb 30 2020 f",
                "-rw-r--r-- 1 a b 1 Dec 6 17:00", "-rw-r--r-- 1 a b x1 Dec 6 17:00 f", "-rw 1 a b 1 Dec 6 17:00 f",
                "-rw-r--r-- 1 a b 1 Dec 0 17:00 f", "-rw-r--r-- 1 a b 1 Dec 6 12345 f", "-rw-r--r-- 1 a b 1 Dec 6 1:000 f")) {
            assertNull(ListParser.parse(bad, NOW), bad);
        }
    }

    @Test
    void dosListLines() {
        FtpEntry d = ListParser.parse("12-06-26  06:21PM       <DIR>          Program Files", NOW);
        assertEquals(new FtpEntry("Program Files", FtpEntry.Type.DIRECTORY, -1, Instant.parse("2026-12-06T18:21:00Z"),
                null, java.util.Map.of()), d);
        FtpEntry f = ListParser.parse("01-02-1999  12:05AM                 1024 a.txt", NOW);
        assertEquals(1024, f.size());
        assertEquals(Instant.parse("1999-01-02T00:05:00Z"), f.modified());
        assertEquals(Instant.parse("1985-01-02T13:05:00Z"), ListParser.parse("01-02-85  13:05 7 b", NOW).modified());
        assertEquals(Instant.parse("2069-01-02T12:05:00Z"), ListParser.parse("01-02-69  12:05PM 7 b", NOW).modified());
        assertNull(ListParser.parse("01-02-99  12:05AM x1 a.txt", NOW));
        assertNull(ListParser.parse("01/02/99  12:05AM 1 a.txt", NOW));
        assertNull(ListParser.parse("01-02/99  12:05AM 1 a.txt", NOW));
        assertNull(ListParser.parse("01-02-9  12:05AM 1 a.txt", NOW));
        assertNull(ListParser.parse("13-02-99  12:05AM 1 a.txt", NOW));
    }

    @Test
    void mlsdLines() throws Exception {
        FtpEntry f = MlsdParser.parse("type=file;Size=21;modify=20261206182500;UNIX.mode=0644; hello world;.txt");
        assertEquals("hello world;.txt", f.name());
        assertEquals(21, f.size());
        assertEquals(Instant.parse("2026-12-06T18:25:00Z"), f.modified());
        assertEquals("0644", f.facts().get("unix.mode"));
        assertTrue(f.isFile());
        assertEquals(FtpEntry.Type.DIRECTORY, MlsdParser.parse("type=cdir; .").type());
        assertEquals(FtpEntry.Type.DIRECTORY, MlsdParser.parse("type=pdir; ..").type());
        assertEquals(FtpEntry.Type.DIRECTORY, MlsdParser.parse("Type=Dir; d").type());
        assertEquals(FtpEntry.Type.LINK, MlsdParser.parse("type=OS.unix=symlink; l").type());
        assertEquals(FtpEntry.Type.LINK, MlsdParser.parse("type=OS.unix=slink; l").type());
        assertEquals(FtpEntry.Type.OTHER, MlsdParser.parse("type=OS.unix=chr; c").type());
        FtpEntry bare = MlsdParser.parse(" name");
        assertEquals(FtpEntry.Type.OTHER, bare.type());
        assertEquals(-1, bare.size());
        assertNull(bare.modified());
        for (String bad : List.of("type=file;", "nospace", "type=file; ", "=x; n", "size; n", "size=-1; n", "size=x; n")) {
            assertThrows(FtpProtocolException.class, () -> MlsdParser.parse(bad), bad);
        }
    }

    @Test
    void mlsdTimes() {
        assertEquals(Instant.parse("2026-12-06T18:25:00.123Z"), MlsdParser.timeOf("20261206182500.123"));
        assertEquals(Instant.parse("2026-12-06T18:25:00.500Z"), MlsdParser.timeOf("20261206182500.5"));
        assertEquals(Instant.parse("2026-12-06T18:25:00Z"), MlsdParser.timeOf("20261206182500."));
        for (String bad : List.of("2026120618250", "2026120618250x", "20261306182500", "20261206182500.x",
                "x0261206182500", "/0261206182500", ":0261206182500")) {
            assertNull(MlsdParser.timeOf(bad), bad);
        }
        assertNull(MlsdParser.timeOf(null));
    }

    @Test
    void passiveAddresses() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 78 * 256 + 52),
                DataAddress.pasv("Entering Passive Mode (127,0,0,1,78,52)"));
        assertEquals(new InetSocketAddress(InetAddress.ofLiteral("10.0.0.255"), 65535),
                DataAddress.pasv("=10,0,0,255,255,255"));
        assertThrows(FtpProtocolException.class, () -> DataAddress.pasv("Entering Passive Mode (127,0,0,1,78)"));
        assertThrows(FtpProtocolException.class, () -> DataAddress.pasv("(127,0,0,256,1,1)"));
        assertThrows(FtpProtocolException.class, () -> DataAddress.pasv("(127,0,0,1,1,256)"));
        assertEquals(20100, DataAddress.epsv("Extended Passive mode OK (|||20100|)"));
        assertEquals(1, DataAddress.epsv("(!!!1!)"));
        for (String bad : List.of("no parens", "(|||0|)", "(|||65536|)", "(||20100|)", "(|||x|)", "(|1||20100|)",
                "(||||20100|)", "(|||20100)", "( ||20100| )", "(|||20100|x)", "(|||2|", "(\u00ff\u00ff\u00ff1\u00ff)")) {
            assertThrows(FtpProtocolException.class, () -> DataAddress.epsv(bad), bad);
        }
        assertEquals(65535, DataAddress.epsv("(|||65535|)"));
    }

    @Test
    void activeArguments() {
        assertEquals("127,0,0,1,78,52", DataAddress.port(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 20020)));
        assertEquals("200,1,2,255,0,21", DataAddress.port(new InetSocketAddress(InetAddress.ofLiteral("200.1.2.255"), 21)));
        assertThrows(IllegalArgumentException.class, () -> DataAddress.port(new InetSocketAddress(InetAddress.ofLiteral("::1"), 21)));
        assertEquals("|1|127.0.0.1|20020|", DataAddress.eprt(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 20020)));
        assertEquals("|2|0:0:0:0:0:0:0:1|21|", DataAddress.eprt(new InetSocketAddress(InetAddress.ofLiteral("::1"), 21)));
        assertEquals("|2|fe80:0:0:0:0:0:0:1|21|", DataAddress.eprt(new InetSocketAddress(InetAddress.ofLiteral("fe80::1%1"), 21)));
    }

    @Test
    void boundaries() throws Exception {
        ReplyAssembler a = new ReplyAssembler(10);
        assertEquals(100, a.offer("100 x").code());
        assertEquals(599, a.offer("599 x").code());
        for (String bad : List.of("/00 x", ":00 x", "1/0 x", "1:0 x")) {
            assertThrows(FtpProtocolException.class, () -> a.offer(bad), bad);
        }
        String longLine = "x".repeat(100);
        String m = assertThrows(FtpProtocolException.class, () -> a.offer(longLine)).getMessage();
        assertEquals("not an FTP reply: " + "x".repeat(80) + "...", m);
        assertEquals("not an FTP reply: " + "y".repeat(80), assertThrows(FtpProtocolException.class,
                () -> a.offer("y".repeat(80))).getMessage());
        assertTrue(FtpReply.of(300, "x").isIntermediate());
        assertTrue(FtpReply.of(399, "x").isIntermediate());
        FtpEntry six = ListParser.parse("-rw-r--r-- 0 Dec 31 2020 f", NOW);
        assertEquals(0, six.size());
        assertEquals(Instant.parse("2020-12-31T00:00:00Z"), six.modified());
        assertEquals(Instant.parse("2020-12-01T00:00:00Z"), ListParser.parse("-rw-r--r-- 1 a b 5 Dec 1 2020 f", NOW).modified());
        assertNull(ListParser.parse("-rw-r--r-- Dec 31 2020 f", NOW));
        assertEquals(999_999_999_999_999_999L, ListParser.parse("-rw-r--r-- 1 a b 999999999999999999 Dec 1 2020 f", NOW).size());
        assertNull(ListParser.parse("-rw-r--r-- 1 a b 1999999999999999999 Dec 1 2020 f", NOW));
        assertEquals(Instant.parse("1970-01-02T00:00:00Z"), ListParser.parse("01-02-70  12:00AM 0 b", NOW).modified());
        assertEquals(0, ListParser.parse("01-02-70  12:00AM 0 b", NOW).size());
        assertEquals("a -> b", ListParser.parse("-rw-r--r-- 1 a b 5 Dec 1 2020 a -> b", NOW).name());
        assertEquals(5, DataAddress.epsv(")x (|||5|)"));
        assertEquals(5, DataAddress.epsv("(~~~5~)"));
        assertThrows(FtpProtocolException.class, () -> DataAddress.epsv("(\u0020\u0020\u00205\u0020)"));
        assertThrows(FtpProtocolException.class, () -> DataAddress.epsv("(\u007f\u007f\u007f5\u007f)"));
        assertEquals(0, MlsdParser.parse("size=0; empty").size());
        assertEquals(FtpEntry.Type.FILE, MlsdParser.parse("type=file; f").type());
        FtpEntry file = MlsdParser.parse("type=file; f");
        assertEquals(false, file.isDirectory());
        assertEquals(false, MlsdParser.parse("type=dir; d").isFile());
    }

    @Test
    void verbsHideArguments() {
        assertEquals("PASS", Control.verb("PASS secret"));
        assertEquals("NOOP", Control.verb("NOOP"));
    }
}
