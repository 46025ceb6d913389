package io.jnatsd.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an in-process jnatsd server for the annotated test class or test method.
 *
 * <p>On a class, the server lives for the class ({@link Scope#PER_CLASS}, the default) or for each
 * test ({@link Scope#PER_METHOD}); on a method it lives for that test, whatever {@link #scope()}
 * says. It listens on 127.0.0.1 and a port the OS chooses, so any number of servers run side by
 * side in one JVM, and they share nothing. Inject it with {@link ServerUrl}, {@link ServerPort} or
 * {@link InjectServer} (or a test method parameter of type {@code NatsServer}).
 *
 * <p>Options come from {@link #config()} when given, then from the attributes set here, which
 * win. The listen address always comes from {@link #host()} and {@link #port()}, never from the
 * file, so one file can serve tests running at the same time.
 *
 * <p>Repeat the annotation, with distinct {@link #name()}s, for several servers. With no name,
 * injection takes the server declared closest to the test: a method's over its class's, a
 * {@code @Nested} class's over its enclosing class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(JnatsdServers.class)
@ExtendWith(JnatsdExtension.class)
public @interface JnatsdServer {

    /** "Not set" for the numeric attributes: the config file's value, else the server default. */
    int UNSET = Integer.MIN_VALUE;

    /**
     * Identifies the server for injection when several are declared, and is its
     * {@code server_name}. Empty: no name, and the server name is the server id.
     */
    String name() default "";

    /** Lifetime of a server declared on a class; ignored on a method. */
    Scope scope() default Scope.PER_CLASS;

    /** Listen address. */
    String host() default "127.0.0.1";

    /** Client port; 0 lets the OS choose (see {@link ServerPort} for the one it chose). */
    int port() default 0;

    /**
     * A nats-server configuration file: {@code classpath:name} for a class path resource; an
     * absolute path for a file; otherwise a class path resource if there is one, else a path
     * relative to the working directory. Includes work when the file is a real file (a
     * resource inside a jar can have no includes). Empty: no file.
     */
    String config() default "";

    /** Require this user (with {@link #password()}). */
    String user() default "";

    /** The password of {@link #user()}; plain text or a bcrypt hash. */
    String password() default "";

    /** Require this token. */
    String token() default "";

    /** {@code max_payload} in bytes. */
    int maxPayload() default UNSET;

    /** {@code max_connections}. */
    int maxConnections() default UNSET;

    /** Debug log lines on stderr (the config file can also turn logging on). */
    boolean debug() default false;

    /** Protocol trace on stderr. */
    boolean trace() default false;
}
