package io.jnatsd.log;

/**
 * The server's logger, with nats-server's levels. Callers check {@link #isDebug()} or
 * {@link #isTrace()} before building a message so a disabled level costs nothing.
 * Implementations are thread-safe.
 */
public interface Log {

    void notice(String message);

    void warn(String message);

    void error(String message);

    /** Logs and the caller then exits; nats-server's FTL level. */
    void fatal(String message);

    void debug(String message);

    void trace(String message);

    boolean isDebug();

    boolean isTrace();

    /** Re-opens the log file, if any (SIGUSR1, log rotation). */
    default void reopen() {
    }

    /** Releases files and sockets. */
    default void close() {
    }

    /** A logger that drops everything: for embedded servers that want silence. */
    Log NONE = new Log() {
        @Override public void notice(String message) { }
        @Override public void warn(String message) { }
        @Override public void error(String message) { }
        @Override public void fatal(String message) { }
        @Override public void debug(String message) { }
        @Override public void trace(String message) { }
        @Override public boolean isDebug() { return false; }
        @Override public boolean isTrace() { return false; }
    };
}
