package io.shrapnel.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void objectsAndArraysGetTheirCommas() {
        String s = new Json().beginObject()
                .key("a").value(1)
                .key("b").beginArray().value("x").value(true).nullValue().beginObject().endObject().endArray()
                .key("c").raw("[1,2]")
                .key("d").value(false)
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",true,null,{}],\"c\":[1,2],\"d\":false}", s);
    }

    @Test
    void stringsAreEscapedForJsonAndForPages() {
        String s = new Json().value("q\"b\\n\nr\rt\t\u0001\u2028\u2029</script>").toString();
        assertEquals("\"q\\\"b\\\\n\\nr\\rt\\t\\u0001\\u2028\\u2029\\u003c/script>\"", s);
        assertEquals("null", new Json().value((String) null).toString());
        assertEquals("\"\\u001f \"", new Json().value("\u001f ").toString(), "control characters end below the space");
        assertEquals("[1,null,null]", new Json().beginArray().value(1).nullValue().nullValue().endArray().toString());
    }

    @Test
    void numbersJsonCannotCarryBecomeNull() {
        assertEquals("[null,null,null,1.5,3,-2,1.0E15]", new Json().beginArray()
                .value(Double.NaN).value(Double.POSITIVE_INFINITY).value(Double.NEGATIVE_INFINITY)
                .value(1.5).value(3.0).value(-2.0).value(1e15).endArray().toString());
    }

    @Test
    void arraysOfContainersAreSeparated() {
        assertEquals("[[],[1],{\"k\":[]}]", new Json().beginArray().beginArray().endArray()
                .beginArray().value(1).endArray().beginObject().key("k").beginArray().endArray().endObject()
                .endArray().toString());
    }
}
