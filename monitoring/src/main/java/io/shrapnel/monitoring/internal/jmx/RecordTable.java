package io.shrapnel.monitoring.internal.jmx;

import io.shrapnel.monitoring.Description;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * Rows of a record type as JMX {@link TabularData}: one named, described column per record
 * component (each {@code String}, {@code int}, {@code long} or {@code boolean}, described by its
 * {@link Description}), so that JConsole, VisualVM or a dashboard shows a table with headings
 * instead of {@code CompositeDataSupport(...)} text. A null string is shown as an empty one.
 *
 * <p>Threading: immutable; {@link #of} may be called from any thread.
 */
public final class RecordTable<R extends Record> {
    private final RecordComponent[] components;
    private final CompositeType rowType;
    private final TabularType tableType;

    /**
     * @param type the rows' record type, every component described
     * @param name the name of the table type (and, with "Row", of its row type)
     * @param index the components whose values tell rows apart
     */
    public RecordTable(Class<R> type, String name, String... index) {
        this.components = type.getRecordComponents();
        String[] names = new String[components.length];
        String[] texts = new String[components.length];
        OpenType<?>[] types = new OpenType<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Description d = c.getAnnotation(Description.class);
            if (d == null) {
                throw new IllegalArgumentException(type.getName() + "." + c.getName() + " has no @Description");
            }
            names[i] = c.getName();
            texts[i] = d.value();
            types[i] = openType(c.getType());
        }
        Description whole = type.getAnnotation(Description.class);
        String text = whole == null ? name : whole.value();
        try {
            rowType = new CompositeType(name + "Row", text, names, texts, types);
            tableType = new TabularType(name, text, rowType, index);
        } catch (OpenDataException e) {
            throw new IllegalArgumentException("no open type for " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    public TabularType type() {
        return tableType;
    }

    /** The rows as a table; two rows with the same index values are a programmer error. */
    public TabularData of(List<? extends R> rows) {
        TabularDataSupport out = new TabularDataSupport(tableType);
        String[] names = rowType.keySet().toArray(String[]::new);
        for (R r : rows) {
            Object[] values = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                values[i] = value(component(names[i]), r);
            }
            try {
                out.put(new CompositeDataSupport(rowType, names, values));
            } catch (OpenDataException e) {
                throw new IllegalStateException("row " + r + " does not fit " + rowType.getTypeName(), e);
            }
        }
        return out;
    }

    private RecordComponent component(String name) {
        for (RecordComponent c : components) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no component " + name);
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            Object v = c.getAccessor().invoke(r);
            return v == null && c.getType() == String.class ? "" : v;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
        }
    }

    private static OpenType<?> openType(Class<?> c) {
        if (c == String.class) {
            return SimpleType.STRING;
        } else if (c == long.class) {
            return SimpleType.LONG;
        } else if (c == int.class) {
            return SimpleType.INTEGER;
        } else if (c == boolean.class) {
            return SimpleType.BOOLEAN;
        } else if (c == double.class) {
            return SimpleType.DOUBLE;
        }
        throw new IllegalArgumentException("no column type for " + c.getName());
    }
}
