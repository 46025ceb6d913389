package io.jnatsd.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The servers started for one extension context (a test class, or one test), kept in that
 * context's store under the context's unique id, so that JUnit closes them when the context
 * ends and a lookup can tell one level from its parent. Closes last started first.
 */
@SuppressWarnings("deprecation")
final class LevelServers implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JnatsdExtension.class);

    private final List<StartedServers> started;

    private LevelServers(List<StartedServers> started) {
        this.started = List.copyOf(started);
    }

    /**
     * Starts the declarations for {@code context}, once: later calls return the servers already
     * started (a constructor parameter can ask before {@code beforeAll} runs).
     */
    static LevelServers startOnce(ExtensionContext context, List<Declaration> declarations) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(),
                id -> new LevelServers(ServerStarter.startAll(declarations)), LevelServers.class);
    }

    /** The servers started for exactly this context, not its parents. */
    static Optional<LevelServers> of(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(context.getUniqueId(), LevelServers.class));
    }

    /** Everything visible from {@code context}: its own servers and those of every parent. */
    static List<StartedServers> visibleFrom(ExtensionContext context) {
        List<StartedServers> all = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            of(c).ifPresent(level -> all.addAll(level.started));
        }
        return all;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (RuntimeException e) {
                failure = StartedServers.chain(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
