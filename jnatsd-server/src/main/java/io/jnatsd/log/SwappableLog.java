package io.jnatsd.log;

/**
 * A {@link Log} that forwards to another one which a config reload can replace while the
 * server runs. Thread-safe: the delegate is a volatile reference, so a caller sees either the
 * old logger or the new one, never a half-built one. A disabled debug or trace call costs one
 * volatile read more than the delegate's.
 */
public final class SwappableLog implements Log {

    private volatile Log delegate;

    public SwappableLog(Log delegate) {
        this.delegate = delegate == null ? Log.NONE : delegate;
    }

    /**
     * Makes {@code next} the logger and returns the previous one; the caller closes it (after
     * the swap, so lines logged meanwhile still go somewhere).
     */
    public Log swap(Log next) {
        Log previous = delegate;
        delegate = next == null ? Log.NONE : next;
        return previous;
    }

    /** The logger lines go to now. */
    public Log current() {
        return delegate;
    }

    @Override public void notice(String message) { delegate.notice(message); }
    @Override public void warn(String message) { delegate.warn(message); }
    @Override public void error(String message) { delegate.error(message); }
    @Override public void fatal(String message) { delegate.fatal(message); }
    @Override public void debug(String message) { delegate.debug(message); }
    @Override public void trace(String message) { delegate.trace(message); }
    @Override public boolean isDebug() { return delegate.isDebug(); }
    @Override public boolean isTrace() { return delegate.isTrace(); }
    @Override public void reopen() { delegate.reopen(); }
    @Override public void close() { delegate.close(); }
}
