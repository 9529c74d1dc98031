package io.shrapnel.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

class OpenValuesTest {
    static final CompositeType ROW;
    static final TabularType TABLE;

    static {
        try {
            ROW = new CompositeType("Row", "a row", new String[] {"id", "name", "load"}, new String[] {"id", "name", "load"},
                    new OpenType<?>[] {SimpleType.LONG, SimpleType.STRING, SimpleType.DOUBLE});
            TABLE = new TabularType("Rows", "rows", ROW, new String[] {"id"});
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String json(Object v) {
        Json j = new Json();
        OpenValues.write(j, v);
        return j.toString();
    }

    static CompositeDataSupport row(long id, String name, double load) throws Exception {
        return new CompositeDataSupport(ROW, new String[] {"id", "name", "load"}, new Object[] {id, name, load});
    }

    @Test
    void simpleValues() throws Exception {
        assertEquals("null", json(null));
        assertEquals("true", json(true));
        assertEquals("42", json(42));
        assertEquals("42", json(42L));
        assertEquals("7", json((short) 7));
        assertEquals("0.5", json(0.5));
        assertEquals("0.25", json(0.25f));
        assertEquals("2.5", json(new BigDecimal("2.5")));
        assertEquals("\"text\"", json("text"));
        assertEquals("1000", json(new Date(1000)));
        assertEquals("\"a:k=v\"", json(new ObjectName("a:k=v")));
        assertEquals("\"X\"", json('X'));
    }

    @Test
    void aCompositeIsAnObjectOfItsNamedItems() throws Exception {
        assertEquals("{\"id\":1,\"load\":0.5,\"name\":\"a\"}", json(row(1, "a", 0.5)));
    }

    @Test
    void aTableIsAnArrayOfItsRows() throws Exception {
        TabularDataSupport t = new TabularDataSupport(TABLE);
        t.put(row(1, "a", 0.5));
        t.put(row(2, "b", 1.0));
        String s = json(t);
        // rows in any order (a TabularData is a map)
        assertEquals(2, s.split("\\{").length - 1, s);
        assertEquals('[', s.charAt(0));
        assertEquals(true, s.contains("{\"id\":2,\"load\":1,\"name\":\"b\"}"), s);
    }

    @Test
    void arraysCollectionsAndMaps() {
        assertEquals("[1,2,3]", json(new long[] {1, 2, 3}));
        assertEquals("[true,false]", json(new boolean[] {true, false}));
        assertEquals("[\"a\",null]", json(new String[] {"a", null}));
        assertEquals("[1,\"x\"]", json(List.of(1, "x")));
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, "one");
        m.put("two", List.of());
        assertEquals("{\"1\":\"one\",\"two\":[]}", json(m));
    }

    @Test
    void deepNestingEndsInText() {
        Object v = "leaf";
        for (int i = 0; i < 12; i++) {
            v = List.of(v);
        }
        // nine levels as arrays (depth 0 to 8), the rest as the list's own text
        assertEquals("[".repeat(9) + "\"[[[leaf]]]\"" + "]".repeat(9), json(v));
    }

    @Test
    void numbersOfAttributesAndOfCompositeItems() throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        OpenValues.numbers("k", 3, out);
        OpenValues.numbers("b", true, out);
        OpenValues.numbers("f", false, out);
        OpenValues.numbers("c", row(7, "x", 0.5), out);
        OpenValues.numbers("s", "text", out);
        OpenValues.numbers("n", null, out);
        OpenValues.numbers("a", new long[] {1}, out);
        assertEquals(Map.of("k", 3.0, "b", 1.0, "f", 0.0, "c.id", 7.0, "c.load", 0.5), out);
    }
}
