package io.jnatsd.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects a server's bound client port into an {@code int} or {@code Integer} field or parameter. */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServerPort {
    /** The {@code name} of the server; empty for the one declared closest to the test. */
    String value() default "";
}
