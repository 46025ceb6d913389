package io.jnatsd.server;

import io.jnatsd.log.Log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@link Log} that keeps every line ("[INF] text"), for tests that check what was logged.
 * Debug and trace lines are produced only with {@code -Djnatsd.test.verboseLog=true}, for
 * looking into a failing test, or for debug lines when made by {@link #withDebug()}.
 */
public final class RecordingLog implements Log {
    private static final boolean VERBOSE = Boolean.getBoolean("jnatsd.test.verboseLog");
    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final boolean debug;

    public RecordingLog() {
        this(VERBOSE);
    }

    private RecordingLog(boolean debug) {
        this.debug = debug;
    }

    /** A log that also records debug lines, for tests of what nats-server logs at debug level. */
    public static RecordingLog withDebug() {
        return new RecordingLog(true);
    }

    @Override public void notice(String m) { lines.add("[INF] " + m); }
    @Override public void warn(String m) { lines.add("[WRN] " + m); }
    @Override public void error(String m) { lines.add("[ERR] " + m); }
    @Override public void fatal(String m) { lines.add("[FTL] " + m); }
    @Override public void debug(String m) { lines.add("[DBG] " + m); }
    @Override public void trace(String m) { lines.add("[TRC] " + m); }
    @Override public boolean isDebug() { return debug; }
    @Override public boolean isTrace() { return VERBOSE; }

    public boolean has(String line) {
        return lines.contains(line);
    }

    /** Waits (bounded poll of the log, which has no event to wait on) until {@code line} is logged. */
    public void await(String line) {
        long deadline = System.nanoTime() + Wire.TIMEOUT.toNanos();
        while (!has(line)) {
            if (System.nanoTime() - deadline > 0) {
                fail("not logged within " + Wire.TIMEOUT.toMillis() + " ms: " + line + "\nlog: " + lines);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** Waits (bounded, as {@link #await}) until some line contains {@code part}; returns that line. */
    public String awaitContaining(String part) {
        return awaitMatching("a line containing \"" + part + "\"", l -> l.contains(part));
    }

    /** Waits (bounded, as {@link #await}) until a line passes {@code test}; returns that line. */
    public String awaitMatching(String what, Predicate<String> test) {
        long deadline = System.nanoTime() + Wire.TIMEOUT.toNanos();
        while (true) {
            for (String l : lines) {
                if (test.test(l)) {
                    return l;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not logged within " + Wire.TIMEOUT.toMillis() + " ms: " + what + "\nlog: " + lines);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
