package io.jnatsd.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@link JnatsdServer} or {@link JnatsdCluster} found on a test class or method, with its
 * attributes checked. A server is a declaration of one node that is not a cluster.
 *
 * @param depth how close to the test it was declared: 0 for a top-level class, one more per
 *              level of nesting, {@link #METHOD_DEPTH} for a method; injection without a name
 *              takes the deepest
 */
record Declaration(
        String name,
        Scope scope,
        boolean cluster,
        int nodes,
        String host,
        int port,
        String config,
        String user,
        String password,
        String token,
        int maxPayload,
        int maxConnections,
        boolean debug,
        boolean trace,
        Class<?> declaringClass,
        String declaredOn,
        int depth) {

    static final int METHOD_DEPTH = Integer.MAX_VALUE;

    /** The declarations on a class (its superclasses included, its enclosing classes not). */
    static List<Declaration> on(Class<?> testClass) {
        return find(testClass, testClass, testClass.getName(), nesting(testClass));
    }

    /** The declarations on a test method. */
    static List<Declaration> on(Method method) {
        return find(method, method.getDeclaringClass(),
                method.getDeclaringClass().getName() + "#" + method.getName(), METHOD_DEPTH);
    }

    /** A display form for messages: {@code server "a" on com.example.FooTest}. */
    String describe() {
        return (cluster ? "cluster" : "server") + (name.isEmpty() ? "" : " \"" + name + "\"") + " on " + declaredOn;
    }

    private static List<Declaration> find(AnnotatedElement element, Class<?> declaringClass, String where, int depth) {
        List<Declaration> found = new ArrayList<>();
        for (JnatsdServer s : AnnotationSupport.findRepeatableAnnotations(element, JnatsdServer.class)) {
            found.add(checked(new Declaration(s.name(), s.scope(), false, 1, s.host(), s.port(), s.config(),
                    s.user(), s.password(), s.token(), s.maxPayload(), s.maxConnections(), s.debug(), s.trace(),
                    declaringClass, where, depth)));
        }
        AnnotationSupport.findAnnotation(element, JnatsdCluster.class).ifPresent(c ->
                found.add(checked(new Declaration(c.name(), c.scope(), true, c.nodes(), c.host(), 0, c.config(),
                        c.user(), c.password(), c.token(), c.maxPayload(), JnatsdServer.UNSET, c.debug(),
                        c.trace(), declaringClass, where, depth))));
        Set<String> names = new HashSet<>();
        for (Declaration d : found) {
            if (!names.add(d.name)) {
                throw new ExtensionConfigurationException(where + " declares more than one jnatsd server or cluster"
                        + (d.name.isEmpty() ? " without a name" : " named \"" + d.name + "\"")
                        + ": give each a distinct name");
            }
        }
        return found;
    }

    private static Declaration checked(Declaration d) {
        if (d.nodes < 1) {
            throw d.invalid("nodes must be at least 1, not " + d.nodes);
        }
        if (d.host.isEmpty()) {
            throw d.invalid("host must not be empty");
        }
        if (d.password.isEmpty() != d.user.isEmpty()) {
            throw d.invalid("user and password go together; only " + (d.user.isEmpty() ? "password" : "user")
                    + " is set");
        }
        if (d.maxPayload != JnatsdServer.UNSET && d.maxPayload <= 0) {
            throw d.invalid("maxPayload must be positive, not " + d.maxPayload);
        }
        if (d.maxConnections != JnatsdServer.UNSET && d.maxConnections <= 0) {
            throw d.invalid("maxConnections must be positive, not " + d.maxConnections);
        }
        return d;
    }

    ExtensionConfigurationException invalid(String why) {
        return new ExtensionConfigurationException("jnatsd " + describe() + ": " + why);
    }

    private static int nesting(Class<?> c) {
        int depth = 0;
        for (Class<?> e = c.getEnclosingClass(); e != null; e = e.getEnclosingClass()) {
            depth++;
        }
        return depth;
    }
}
