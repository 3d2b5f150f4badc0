package io.clustersync.admin.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an MXBean, one of its attributes, operations or operation parameters, or a column of a table it returns is,
 * as JMX clients (JConsole, VisualVM, jmxterm) show it; units are named in the text (ms, bytes, ops/s).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Description {
    String value();
}
