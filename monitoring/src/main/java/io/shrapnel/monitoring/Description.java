package io.shrapnel.monitoring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a JMX client shows for an MXBean, an attribute (on its getter), an operation, an operation's
 * parameter, or a column of a table: {@link Monitoring} registers each bean so that the text lands
 * in its {@code MBeanInfo} (JConsole's "Description" field), and the name of a parameter replaces
 * the {@code p0} a client would otherwise show.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Description {
    /** The description: a sentence a JMX client shows as it is. */
    String value();

    /** For a parameter: its name (Java keeps no parameter names at run time without {@code -parameters}). */
    String name() default "";
}
