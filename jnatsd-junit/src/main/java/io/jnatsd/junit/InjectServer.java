package io.jnatsd.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the running {@code NatsServer} (or {@link RunningCluster}) into a field or parameter of
 * that type. Parameters of these types need it only to pick a server by name.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectServer {
    /** The {@code name} of the server or cluster; empty for the one declared closest to the test. */
    String value() default "";
}
