package io.shrapnel.rpc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.rpc.cluster.internal.etcd.RangeResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a malformed answer's error says: the message type and the answer, cut after 200 characters. */
class JsonTest {
    private static String quoted(String json) {
        IOException e = assertThrows(IOException.class, () -> Json.parse(json, RangeResponse.newBuilder()));
        assertTrue(e.getMessage().startsWith("etcd sent JSON that is not a RangeResponse: "), e.getMessage());
        String rest = e.getMessage().substring("etcd sent JSON that is not a RangeResponse: ".length());
        return rest.substring(0, rest.indexOf(" ("));
    }

    @Test
    void anAnswerOfUpTo200CharactersIsQuotedWhole() {
        String exactly200 = "x".repeat(200);
        assertEquals(exactly200, quoted(exactly200));
        assertEquals("{\"header\":", quoted("{\"header\":"));
    }

    @Test
    void aLongerAnswerIsCutAfter200Characters() {
        assertEquals("y".repeat(200) + "...", quoted("y".repeat(201)));
    }
}
