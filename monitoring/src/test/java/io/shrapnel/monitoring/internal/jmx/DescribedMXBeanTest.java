package io.shrapnel.monitoring.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.monitoring.Description;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

class DescribedMXBeanTest {
    @Description("A sample bean")
    public interface SampleMXBean {
        @Description("A count")
        int getCount();

        @Description("Whether it is on")
        boolean isOn();

        int getUndescribed();

        @Description("Adds")
        long add(@Description(name = "a", value = "The first") long a, @Description("The second, unnamed") long b);

        void bare(long x);
    }

    public interface PlainMXBean {
        int getX();
    }

    @Description("A row")
    public record Row(@Description("Its key") String key, @Description("Its number") long number,
                      @Description("A flag") boolean flag, @Description("A small number") int small,
                      @Description("A ratio") double ratio) {}

    public record Undescribed(@Description("fine") String a, long b) {}

    public record Odd(@Description("a list") List<String> list) {}

    private static MBeanInfo registered(Object bean, Class<?> api) throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("test:type=Sample");
        @SuppressWarnings({"unchecked", "rawtypes"})
        DescribedMXBean<?> described = new DescribedMXBean(bean, api);
        server.registerMBean(described, name);
        return server.getMBeanInfo(name);
    }

    @Test
    void theDescriptionsOfTheInterfaceLandInTheMBeanInfo() throws Exception {
        SampleMXBean bean = new SampleMXBean() {
            public int getCount() { return 3; }
            public boolean isOn() { return true; }
            public int getUndescribed() { return 0; }
            public long add(long a, long b) { return a + b; }
            public void bare(long x) {}
        };
        MBeanInfo info = registered(bean, SampleMXBean.class);
        assertEquals("A sample bean", info.getDescription());
        MBeanAttributeInfo count = attribute(info, "Count");
        assertEquals("A count", count.getDescription());
        assertEquals("Whether it is on", attribute(info, "On").getDescription());
        assertEquals("", attribute(info, "Undescribed").getDescription());
        MBeanOperationInfo add = operation(info, "add");
        assertEquals("Adds", add.getDescription());
        assertEquals("a", add.getSignature()[0].getName());
        assertEquals("The first", add.getSignature()[0].getDescription());
        assertEquals("p2", add.getSignature()[1].getName(), "no name given: JMX's own");
        assertEquals("The second, unnamed", add.getSignature()[1].getDescription());
        MBeanOperationInfo bare = operation(info, "bare");
        assertEquals("", bare.getDescription());
        assertEquals("", bare.getSignature()[0].getDescription());
        assertEquals("p1", bare.getSignature()[0].getName());
        assertEquals("", registered((PlainMXBean) () -> 1, PlainMXBean.class).getDescription());
    }

    private static MBeanAttributeInfo attribute(MBeanInfo info, String name) {
        return Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    private static MBeanOperationInfo operation(MBeanInfo info, String name) {
        return Arrays.stream(info.getOperations()).filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void recordsBecomeTablesWithNamedDescribedColumns() {
        RecordTable<Row> table = new RecordTable<>(Row.class, "Rows", "key");
        TabularData t = table.of(List.of(new Row("a", 1, true, 2, 0.5), new Row(null, 3, false, 4, 1.5)));
        assertEquals(2, t.size());
        assertEquals("Rows", t.getTabularType().getTypeName());
        assertEquals("RowsRow", t.getTabularType().getRowType().getTypeName());
        assertEquals("A row", t.getTabularType().getDescription());
        assertEquals(List.of("key"), t.getTabularType().getIndexNames());
        assertEquals("Its number", t.getTabularType().getRowType().getDescription("number"));
        CompositeData a = t.get(new Object[] {"a"});
        assertEquals(1L, a.get("number"));
        assertEquals(true, a.get("flag"));
        assertEquals(2, a.get("small"));
        assertEquals(0.5, a.get("ratio"));
        CompositeData empty = t.get(new Object[] {""});
        assertEquals(3L, empty.get("number"), "a null string is an empty one");
        assertEquals(table.type(), t.getTabularType());
        assertEquals(32, table.of(java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> new Row("k" + i, i, false, i, i)).toList()).size() * 2);
    }

    @Test
    void aRowTypeWithoutDescriptionsOrWithOtherTypesIsRefused() {
        var undescribed = assertThrows(IllegalArgumentException.class,
                () -> new RecordTable<>(Undescribed.class, "U", "a"));
        assertEquals(Undescribed.class.getName() + ".b has no @Description", undescribed.getMessage());
        var odd = assertThrows(IllegalArgumentException.class, () -> new RecordTable<>(Odd.class, "O", "list"));
        assertEquals("no column type for java.util.List", odd.getMessage());
        var badIndex = assertThrows(IllegalArgumentException.class, () -> new RecordTable<>(Row.class, "R", "nope"));
        assertEquals(true, badIndex.getMessage().startsWith("no open type for " + Row.class.getName()), badIndex.getMessage());
        RecordTable<Row> table = new RecordTable<>(Row.class, "Rows", "flag");
        assertThrows(RuntimeException.class, () -> table.of(List.of(new Row("a", 1, true, 2, 0), new Row("b", 1, true, 2, 0))),
                "two rows with the same index");
    }
}
