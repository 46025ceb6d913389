package io.jnatsd.monitor;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting for a condition that another thread makes true (never a fixed sleep). */
final class Await {
    private Await() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, MonitoredServer.TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(2); // the poll interval of a bounded wait on a condition, not a synchronisation
        }
    }
}
