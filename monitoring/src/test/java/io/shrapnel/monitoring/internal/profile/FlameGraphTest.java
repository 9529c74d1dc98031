package io.shrapnel.monitoring.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.monitoring.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlameGraphTest {
    private static Profile profile(List<Profile.CoroRow> coros, List<Profile.StackRow> stacks) {
        return new Profile(Instant.EPOCH, 1, 1, "jvm", coros, stacks);
    }

    @Test
    void oneGraphPerCoroNameMostSampledFirstWithBoxesAsWideAsTheirSamples() {
        Profile p = profile(List.of(new Profile.CoroRow(1, "l", "worm", 1, 1, 1, 1),
                        new Profile.CoroRow(2, "l", "worm", 1, 1, 1, 1), new Profile.CoroRow(3, "l", "arena", 1, 1, 1, 1),
                        new Profile.CoroRow(4, "l", null, 1, 1, 1, 1)),
                List.of(new Profile.StackRow(1, 3, List.of("a.W.run", "a.W.move")),
                        new Profile.StackRow(2, 1, List.of("a.W.run", "a.W.draw")),
                        new Profile.StackRow(3, 2, List.of("a.A.run")),
                        new Profile.StackRow(4, 1, List.of("x.Y.z")),
                        new Profile.StackRow(9, 1, List.of("x.Y.z"))));
        Map<String, String> graphs = FlameGraph.byCoroName(p);
        assertEquals(List.of("worm", "arena", "(unnamed)", "(unknown coro)"), List.copyOf(graphs.keySet()));
        String worm = graphs.get("worm");
        assertTrue(worm.startsWith("<svg class=\"flame\""), worm);
        assertTrue(worm.contains("height=\"48\""), "three rows of 16 px: " + worm);
        assertTrue(worm.contains("data-x=\"0.0\" data-w=\"1200.0\" data-d=\"0\" data-n=\"all samples of worm\""), worm);
        assertTrue(worm.contains("data-x=\"0.0\" data-w=\"1200.0\" data-d=\"1\" data-n=\"a.W.run\""), worm);
        assertTrue(worm.contains("data-x=\"0.0\" data-w=\"900.0\" data-d=\"2\" data-n=\"a.W.move\""), worm);
        assertTrue(worm.contains("data-x=\"900.0\" data-w=\"300.0\" data-d=\"2\" data-n=\"a.W.draw\""), worm);
        assertTrue(worm.contains("<title>a.W.move (3 samples, 75.00%)</title>"), worm);
        assertTrue(worm.contains("y=\"0.0\"") && worm.contains("y=\"32.0\""), "callees above, the root at the bottom");
        assertTrue(worm.contains("width=\"899.5\""), worm);
        assertTrue(worm.contains(">a.W.move</text>"), worm);
        assertTrue(worm.contains("<text x=\"3.0\" y=\"44.0\">all samples of worm</text>"), worm);
        assertTrue(worm.contains("<text x=\"903.0\" y=\"12.0\">a.W.draw</text>"), worm);
    }

    @Test
    void framesUnderOneThousandthAreLeftOut() {
        Profile p = profile(List.of(new Profile.CoroRow(1, "l", "c", 1, 1, 1, 1)),
                List.of(new Profile.StackRow(1, 1999, List.of("a.B.big")), new Profile.StackRow(1, 1, List.of("a.B.tiny")),
                        new Profile.StackRow(1, 3, List.of("a.B.small"))));
        String svg = FlameGraph.byCoroName(p).get("c");
        assertFalse(svg.contains("a.B.tiny"), svg);
        assertTrue(svg.contains("a.B.small"), "three in 2003 is more than a thousandth");
        assertTrue(svg.contains("height=\"32\""), svg);
    }

    @Test
    void aFrameOfExactlyOneThousandthIsKept() {
        Profile p = profile(List.of(new Profile.CoroRow(1, "l", "c", 1, 1, 1, 1)),
                List.of(new Profile.StackRow(1, 999, List.of("a.B.big")),
                        new Profile.StackRow(1, 1, List.of("a.B.edge", "a.B.deeper"))));
        String svg = FlameGraph.byCoroName(p).get("c");
        assertTrue(svg.contains("data-n=\"a.B.edge\"") && svg.contains("data-n=\"a.B.deeper\""), svg);
        assertTrue(svg.contains("height=\"48\""), svg);
    }

    @Test
    void namesAreCutToTheirBoxAndEscaped() {
        assertEquals("", FlameGraph.fit("a.B.c", 26));
        assertEquals("a.B.c", FlameGraph.fit("a.B.c", 6 + 5 * 7));
        assertEquals("abc", FlameGraph.fit("abc", 27));
        assertEquals("abcd..", FlameGraph.fit("abcdefghij", 6 + 6 * 7));
        Profile p = profile(List.of(new Profile.CoroRow(1, "l", "<c>", 1, 1, 1, 1)),
                List.of(new Profile.StackRow(1, 1, List.of("a.<init>"))));
        String svg = FlameGraph.byCoroName(p).get("<c>");
        assertTrue(svg.contains("a.&lt;init&gt;") && !svg.contains("a.<init>"), svg);
    }

    @Test
    void coloursAreStableWarmAndGreyAtTheRoot() {
        assertEquals("rgb(200,200,200)", FlameGraph.color("anything", 0));
        assertEquals(FlameGraph.color("a.B.c", 3), FlameGraph.color("a.B.c", 1));
        java.util.Set<String> reds = new java.util.HashSet<>();
        java.util.Set<String> blues = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String[] rgb = FlameGraph.color("f" + i * 7919, 1).replaceAll("[^0-9,]", "").split(",");
            reds.add(rgb[0]);
            blues.add(rgb[2]);
            assertTrue(Integer.parseInt(rgb[0]) >= 205 && Integer.parseInt(rgb[2]) >= 40 && Integer.parseInt(rgb[2]) < 80);
        }
        assertTrue(reds.size() > 20 && blues.size() > 10, "colours differ from frame to frame: " + reds + " " + blues);
        for (String f : List.of("a.B.c", "io.shrapnel.kernel.Coro.run", "zzz", "")) {
            String[] rgb = FlameGraph.color(f, 1).replaceAll("[^0-9,]", "").split(",");
            int r = Integer.parseInt(rgb[0]);
            int g = Integer.parseInt(rgb[1]);
            int b = Integer.parseInt(rgb[2]);
            assertTrue(r >= 205 && r < 255 && b >= 40 && b < 80, f + " " + FlameGraph.color(f, 1));
            assertTrue(f.startsWith("io.shrapnel.") ? g >= 150 && g < 240 : g >= 80 && g < 170, f + " " + FlameGraph.color(f, 1));
        }
    }
}
