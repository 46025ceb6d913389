package io.jnatsd.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs {@link #nodes()} jnatsd servers joined by routes, for the annotated class or method (see
 * {@link JnatsdServer} for scopes, names and options, which work the same way here and apply to
 * every node).
 *
 * <p>Node 0 is the seed and every other node lists it as its only route (nats-server's seed
 * topology); gossip joins the rest. Client and route ports are chosen by the OS. The test starts
 * once every node has a route to every other (the extension waits up to 10 s, then fails).
 * Inject {@link RunningCluster}, or {@link ServerUrl} for all nodes' URLs separated by commas,
 * which jnats accepts as a server list.
 *
 * <p>Interest still spreads asynchronously: a subscription made on one node reaches the others
 * a moment later, as with nats-server, so a test that publishes on another node right after
 * subscribing waits for the interest first.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JnatsdExtension.class)
public @interface JnatsdCluster {

    /** Number of servers, at least 1. */
    int nodes() default 3;

    /**
     * Identifies the cluster for injection and is its cluster name; node {@code i}'s server
     * name is {@code <name>-<i>}. Empty: cluster name {@value RunningCluster#DEFAULT_NAME}.
     */
    String name() default "";

    /** Lifetime of a cluster declared on a class; ignored on a method. */
    Scope scope() default Scope.PER_CLASS;

    /** Listen address of the client and route ports. */
    String host() default "127.0.0.1";

    /** A configuration file for every node, found as for {@link JnatsdServer#config()}. */
    String config() default "";

    /** Require this user from clients (with {@link #password()}). */
    String user() default "";

    /** The password of {@link #user()}; plain text or a bcrypt hash. */
    String password() default "";

    /** Require this token from clients. */
    String token() default "";

    /** {@code max_payload} in bytes; {@link JnatsdServer#UNSET} leaves it to the file or default. */
    int maxPayload() default JnatsdServer.UNSET;

    /** Debug log lines on stderr. */
    boolean debug() default false;

    /** Protocol trace on stderr. */
    boolean trace() default false;
}
