package io.jnatsd.junit;

import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The running servers of one declaration, and their loggers. Closing stops them, last started
 * first, and is idempotent.
 *
 * <p>It is both {@link AutoCloseable}, which JUnit 5.13+ closes, and the deprecated
 * {@code CloseableResource}, which earlier JUnit versions close; JUnit closes such a value once.
 */
@SuppressWarnings("deprecation")
final class StartedServers implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final Declaration declaration;
    private final List<NatsServer> nodes;
    private final List<Log> logs;
    private final RunningCluster cluster;
    private boolean closed;

    StartedServers(Declaration declaration, String clusterName, List<NatsServer> nodes, List<Log> logs) {
        this.declaration = declaration;
        this.nodes = List.copyOf(nodes);
        this.logs = List.copyOf(logs);
        this.cluster = declaration.cluster() ? new RunningCluster(clusterName, nodes) : null;
    }

    Declaration declaration() {
        return declaration;
    }

    String name() {
        return declaration.name();
    }

    /** The server of a {@link JnatsdServer}; null for a cluster. */
    NatsServer server() {
        return cluster == null ? nodes.get(0) : null;
    }

    /** The nodes of a {@link JnatsdCluster}; null for a single server. */
    RunningCluster cluster() {
        return cluster;
    }

    /** The client URL, or every node's separated by commas. */
    String url() {
        return cluster == null ? nodes.get(0).clientUrl() : cluster.url();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            } finally {
                try {
                    logs.get(i).close();
                } catch (RuntimeException e) {
                    failure = chain(failure, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return declaration.describe() + " at " + url();
    }
}
