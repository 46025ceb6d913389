package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A field or parameter that wants something from a running server: its URL, its port, or the
 * server (or cluster) itself, by name or not. Resolution walks the servers visible from the
 * test's context; every way it can fail is a {@link Failure} that says what to change.
 *
 * @param where for messages: {@code field FooTest.url} or {@code parameter 0 of FooTest#test}
 */
record InjectionPoint(Kind kind, String name, Class<?> type, String where) {

    enum Kind {
        URL, PORT, SERVER,
        /** More than one of the annotations: claimed, so the mistake is reported, not left to another resolver. */
        SEVERAL
    }

    /** Why an injection point cannot be served; the caller wraps it in JUnit's exception type. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** The field's injection point, if it has one of the annotations. */
    static Optional<InjectionPoint> of(Field f) {
        String where = "field " + f.getDeclaringClass().getName() + "." + f.getName();
        return of(f.getAnnotation(ServerUrl.class), f.getAnnotation(ServerPort.class),
                f.getAnnotation(InjectServer.class), f.getType(), false, where);
    }

    /** The parameter's injection point: annotated, or of type NatsServer or RunningCluster. */
    static Optional<InjectionPoint> of(ParameterContext p) {
        String where = "parameter " + p.getIndex() + " (" + p.getParameter().getName() + ") of "
                + p.getDeclaringExecutable();
        return of(p.findAnnotation(ServerUrl.class).orElse(null), p.findAnnotation(ServerPort.class).orElse(null),
                p.findAnnotation(InjectServer.class).orElse(null), p.getParameter().getType(), true, where);
    }

    private static Optional<InjectionPoint> of(ServerUrl url, ServerPort port, InjectServer server, Class<?> type,
                                               boolean byType, String where) {
        int annotations = (url != null ? 1 : 0) + (port != null ? 1 : 0) + (server != null ? 1 : 0);
        if (annotations > 1) {
            return Optional.of(new InjectionPoint(Kind.SEVERAL, "", type, where));
        }
        if (url != null) {
            return Optional.of(new InjectionPoint(Kind.URL, url.value(), type, where));
        }
        if (port != null) {
            return Optional.of(new InjectionPoint(Kind.PORT, port.value(), type, where));
        }
        if (server != null) {
            return Optional.of(new InjectionPoint(Kind.SERVER, server.value(), type, where));
        }
        if (byType && (type == NatsServer.class || type == RunningCluster.class)) {
            return Optional.of(new InjectionPoint(Kind.SERVER, "", type, where));
        }
        return Optional.empty();
    }

    /** The value for this point among the servers visible from {@code context}. */
    Object resolve(ExtensionContext context) {
        checkType();
        StartedServers s = pick(LevelServers.visibleFrom(context));
        return switch (kind) {
            case URL -> s.url();
            case PORT -> {
                if (s.server() == null) {
                    throw new Failure(where + ": " + s + " has one port per node; inject RunningCluster");
                }
                yield s.server().port();
            }
            case SERVER -> {
                if (type == RunningCluster.class) {
                    if (s.cluster() == null) {
                        throw new Failure(where + ": " + s + " is a single server; inject NatsServer");
                    }
                    yield s.cluster();
                }
                if (s.server() == null) {
                    throw new Failure(where + ": " + s + " is a cluster; inject RunningCluster");
                }
                yield s.server();
            }
            case SEVERAL -> throw new IllegalStateException("rejected by checkType");
        };
    }

    private void checkType() {
        if (kind == Kind.SEVERAL) {
            throw new Failure(where + ": use one of @ServerUrl, @ServerPort and @InjectServer, not several");
        }
        boolean ok = switch (kind) {
            case URL -> type == String.class;
            case PORT -> type == int.class || type == Integer.class;
            case SERVER -> type == NatsServer.class || type == RunningCluster.class;
            case SEVERAL -> false;
        };
        if (!ok) {
            String wanted = switch (kind) {
                case URL -> "@ServerUrl goes on a String";
                case PORT -> "@ServerPort goes on an int or Integer";
                case SERVER, SEVERAL -> "@InjectServer goes on a NatsServer or RunningCluster";
            };
            throw new Failure(where + ": " + wanted + ", not " + type.getName());
        }
    }

    /**
     * By name: the deepest declaration with that name. Without: the only one at the deepest
     * level that declares any.
     */
    private StartedServers pick(List<StartedServers> visible) {
        Comparator<StartedServers> deepestFirst =
                Comparator.comparingInt((StartedServers s) -> s.declaration().depth()).reversed();
        List<StartedServers> sorted = new ArrayList<>(visible);
        sorted.sort(deepestFirst);
        if (sorted.isEmpty()) {
            throw new Failure(where + ": no jnatsd server is running for this test; declare one with"
                    + " @JnatsdServer or @JnatsdCluster (a per-method server starts after the test instance"
                    + " is created, so it cannot go to a constructor)");
        }
        if (!name.isEmpty()) {
            return sorted.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                    new Failure(where + ": no jnatsd server or cluster named \"" + name + "\"; running: "
                            + names(sorted)));
        }
        int deepest = sorted.get(0).declaration().depth();
        List<StartedServers> closest = sorted.stream().filter(s -> s.declaration().depth() == deepest).toList();
        if (closest.size() > 1) {
            String example = closest.stream().map(StartedServers::name).filter(n -> !n.isEmpty()).findFirst()
                    .orElse("");
            throw new Failure(where + ": several jnatsd servers are declared as close to the test ("
                    + names(closest) + "); say which, e.g. @" + annotationName() + "(\"" + example + "\")");
        }
        return closest.get(0);
    }

    private String annotationName() {
        Class<? extends Annotation> a = switch (kind) {
            case URL -> ServerUrl.class;
            case PORT -> ServerPort.class;
            case SERVER, SEVERAL -> InjectServer.class;
        };
        return a.getSimpleName();
    }

    private static String names(List<StartedServers> servers) {
        return servers.stream().map(StartedServers::toString).collect(Collectors.joining(", "));
    }
}
