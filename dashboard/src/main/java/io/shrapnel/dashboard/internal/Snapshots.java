package io.shrapnel.dashboard.internal;

import java.util.List;
import java.util.Map;

/**
 * The messages the page receives: a snapshot each interval, the ring's history when it opens.
 *
 * <pre>
 * {"type":"snapshot","t":1733500000000,
 *  "nodes":[{"name":"local","address":"this process","ok":true,"error":null,
 *            "beans":[{"name":"io.shrapnel:name=main,type=Scheduler","domain":"io.shrapnel","type":"Scheduler",
 *                      "label":"main","attrs":{...},"ops":[...]}, ...]}],
 *  "points":{"local|io.shrapnel:name=main,type=Scheduler|Passes":123, ...}}
 * {"type":"history","t":[...],"series":{"key":[...], ...}}
 * </pre>
 */
public final class Snapshots {
    private Snapshots() {}

    public static String snapshot(long timeMillis, List<NodeSample> nodes, Map<String, Double> points) {
        Json j = new Json(new StringBuilder(4096)).beginObject()
                .key("type").value("snapshot")
                .key("t").value(timeMillis)
                .key("nodes").beginArray();
        for (NodeSample n : nodes) {
            j.beginObject()
                    .key("name").value(n.node())
                    .key("address").value(n.address())
                    .key("ok").value(n.ok())
                    .key("error").value(n.error())
                    .key("beans").raw(n.beansJson())
                    .endObject();
        }
        j.endArray().key("points").beginObject();
        points.forEach((k, v) -> j.key(k).value(v));
        return j.endObject().endObject().toString();
    }

    public static String history(SeriesRing ring) {
        Json j = new Json(new StringBuilder(16384)).beginObject().key("type").value("history").key("ring");
        ring.writeJson(j);
        return j.endObject().toString();
    }
}
