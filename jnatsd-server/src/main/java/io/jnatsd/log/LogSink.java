package io.jnatsd.log;

import java.time.Duration;

/**
 * Where formatted log lines go. Implementations format for their medium, are thread-safe and
 * never throw: an I/O failure is reported on stderr and logging carries on.
 */
interface LogSink {

    void write(Level level, String message);

    /** Re-opens the log file; false when this sink has none (nothing was done). */
    default boolean reopen() {
        return false;
    }

    /** Waits, at most {@code timeout}, until lines written so far have left the process. */
    default void flush(Duration timeout) {
    }

    /** Releases the file or socket; later writes are dropped. Idempotent. */
    default void close() {
    }
}
