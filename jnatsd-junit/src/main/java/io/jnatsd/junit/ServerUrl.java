package io.jnatsd.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a server's client URL ({@code nats://127.0.0.1:port}) into a {@code String} field or
 * parameter. For a {@link JnatsdCluster} it is every node's URL, separated by commas.
 * Credentials are not part of it.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServerUrl {
    /** The {@code name} of the server or cluster; empty for the one declared closest to the test. */
    String value() default "";
}
