package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.monitoring.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flame graphs of a profile's samples, one per coro name, as inline SVG: each frame a box as wide
 * as the samples that had it on the stack, its callers below it, its callees above. Hovering a box
 * shows its frame and samples; clicking it zooms in on it (and {@link #SCRIPT} restores the whole
 * on a click on the bottom box). Frames under one {@link #MIN_FRACTION} of the coro's samples are
 * left out: they would be narrower than a pixel.
 *
 * <p>Threading: stateless.
 */
public final class FlameGraph {
    static final int WIDTH = 1200;
    static final int ROW = 16;
    static final double MIN_FRACTION = 0.001;

    /** Zooms a flame graph on a click: the box clicked spans the width, its callers too, the rest hides. */
    public static final String SCRIPT = """
            document.addEventListener('click', function (ev) {
              var g = ev.target.closest ? ev.target.closest('g.fr') : null;
              if (!g) { return; }
              var svg = g.ownerSVGElement, W = parseFloat(svg.getAttribute('data-width'));
              var fx = parseFloat(g.getAttribute('data-x')), fw = parseFloat(g.getAttribute('data-w'));
              var fd = parseInt(g.getAttribute('data-d'), 10);
              svg.querySelectorAll('g.fr').forEach(function (o) {
                var x = parseFloat(o.getAttribute('data-x')), w = parseFloat(o.getAttribute('data-w'));
                var d = parseInt(o.getAttribute('data-d'), 10);
                var inside = x >= fx - 1e-9 && x + w <= fx + fw + 1e-9 && d >= fd;
                var below = d < fd && x <= fx + 1e-9 && x + w >= fx + fw - 1e-9;
                o.style.display = inside || below ? '' : 'none';
                var nx = below ? 0 : (x - fx) / fw * W, nw = below ? W : w / fw * W;
                var r = o.querySelector('rect'), t = o.querySelector('text');
                r.setAttribute('x', nx); r.setAttribute('width', Math.max(nw - 0.5, 0.1));
                t.setAttribute('x', nx + 3);
                var n = o.getAttribute('data-n'), fit = Math.floor((nw - 6) / 7);
                t.textContent = fit < 3 ? '' : (n.length <= fit ? n : n.substring(0, fit - 2) + '..');
              });
            });
            """;

    private FlameGraph() {}

    private static final class Node {
        final String frame;
        long count;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String frame) {
            this.frame = frame;
        }
    }

    /** The coro names with samples, most sampled first, each with its flame graph's SVG. */
    public static Map<String, String> byCoroName(Profile profile) {
        Map<Long, String> names = new HashMap<>();
        for (Profile.CoroRow r : profile.coros()) {
            names.put(r.id(), r.name() == null ? "(unnamed)" : r.name());
        }
        Map<String, Node> roots = new HashMap<>();
        for (Profile.StackRow s : profile.stacks()) {
            String name = names.getOrDefault(s.coroId(), "(unknown coro)");
            Node n = roots.computeIfAbsent(name, k -> new Node("all samples of " + k));
            n.count += s.count();
            for (String f : s.frames()) {
                n = n.children.computeIfAbsent(f, Node::new);
                n.count += s.count();
            }
        }
        List<Node> sorted = new ArrayList<>(roots.values());
        sorted.sort((a, b) -> Long.compare(b.count, a.count));
        Map<String, String> out = new LinkedHashMap<>();
        for (Node root : sorted) {
            out.put(root.frame.substring("all samples of ".length()), svg(root));
        }
        return out;
    }

    static String svg(Node root) {
        int depth = depth(root, root.count);
        int height = (depth + 1) * ROW;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"flame\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" data-width=\"").append(WIDTH)
                .append("\" font-family=\"monospace\" font-size=\"11\">\n");
        box(sb, root, 0, 0, root.count, depth);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int depth(Node n, long total) {
        int d = 0;
        for (Node c : n.children.values()) {
            if (c.count >= MIN_FRACTION * total) {
                d = Math.max(d, 1 + depth(c, total));
            }
        }
        return d;
    }

    private static void box(StringBuilder sb, Node n, double x, int d, long total, int maxDepth) {
        double w = (double) n.count / total * WIDTH;
        double y = (maxDepth - d) * ROW;
        String pct = String.format(Locale.ROOT, "%.2f", 100.0 * n.count / total);
        sb.append("<g class=\"fr\" data-x=\"").append(fmt(x)).append("\" data-w=\"").append(fmt(w))
                .append("\" data-d=\"").append(d).append("\" data-n=\"").append(ProfilePage.esc(n.frame)).append("\">")
                .append("<title>").append(ProfilePage.esc(n.frame)).append(" (").append(n.count).append(" samples, ")
                .append(pct).append("%)</title>")
                .append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                .append(fmt(Math.max(w - 0.5, 0.1))).append("\" height=\"").append(ROW - 1).append("\" fill=\"")
                .append(color(n.frame, d)).append("\" rx=\"2\"/>")
                .append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(fmt(y + ROW - 4)).append("\">")
                .append(ProfilePage.esc(fit(n.frame, w))).append("</text></g>\n");
        double cx = x;
        for (Node c : n.children.values()) {
            if (c.count >= MIN_FRACTION * total) {
                box(sb, c, cx, d + 1, total, maxDepth);
            }
            cx += (double) c.count / total * WIDTH;
        }
    }

    /** The frame's name cut to what fits in {@code width} pixels at 7 pixels a character. */
    static String fit(String frame, double width) {
        int fit = (int) ((width - 6) / 7);
        if (fit < 3) {
            return "";
        }
        return frame.length() <= fit ? frame : frame.substring(0, fit - 2) + "..";
    }

    /** Warm colours, the same for the same frame, the project's own code a little greener. */
    static String color(String frame, int depth) {
        if (depth == 0) {
            return "rgb(200,200,200)";
        }
        int h = frame.hashCode() & 0x7fffffff;
        int r = 205 + h % 50;
        int g = (frame.startsWith("io.shrapnel.") ? 150 : 80) + (h / 50) % 90;
        int b = 40 + (h / 4500) % 40;
        return "rgb(" + r + "," + g + "," + b + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
