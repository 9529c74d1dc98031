package io.shrapnel.monitoring.internal.jmx;

import io.shrapnel.monitoring.Description;
import java.lang.reflect.Method;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

/**
 * A bean whose {@code MBeanInfo} carries the {@link Description}s written on its interface: the
 * bean, each attribute (from its getter), each operation and its parameters' names and texts.
 *
 * <p>Registered as a standard MBean, not through the MXBean mapping: every attribute of these
 * interfaces is already of an open type (primitives, strings, and {@code TabularData} built by
 * {@link RecordTable}), and the MXBean mapping cannot carry {@code TabularData} as itself (it would
 * take it apart as a Java bean). Clients read them with {@code JMX.newMBeanProxy} or generically.
 *
 * <p>Threading: immutable after construction; the JMX server calls it from any thread.
 */
public final class DescribedMXBean<T> extends StandardMBean {
    private final Class<T> api;

    public DescribedMXBean(T bean, Class<T> api) {
        super(bean, api, false);
        this.api = api;
    }

    /** The interface's description: what the bean is. */
    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = api.getAnnotation(Description.class);
        return d == null ? "" : d.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        String prefix = info.isIs() ? "is" : "get";
        Method getter = method(prefix + info.getName(), 0);
        return text(getter == null ? null : getter.getAnnotation(Description.class));
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method m = method(info.getName(), info.getSignature().length);
        return text(m == null ? null : m.getAnnotation(Description.class));
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        return d == null || d.name().isEmpty() ? param.getName() : d.name();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return text(parameter(op, sequence));
    }

    private Description parameter(MBeanOperationInfo op, int sequence) {
        Method m = method(op.getName(), op.getSignature().length);
        return m == null ? null : m.getParameters()[sequence].getAnnotation(Description.class);
    }

    /** The method of the interface of that name and arity (MXBean interfaces here do not overload on types). */
    private Method method(String name, int arity) {
        return Arrays.stream(api.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == arity)
                .findFirst().orElse(null);
    }

    /** The text, or an empty one: the test of every bean finds the missing ones. */
    private static String text(Description d) {
        return d == null ? "" : d.value();
    }
}
