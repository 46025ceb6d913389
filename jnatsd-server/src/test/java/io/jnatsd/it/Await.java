package io.jnatsd.it;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded waits. Every wait in these tests ends by {@link #TIMEOUT} at the latest, and fails the
 * test saying what was awaited. The bound is generous; passing runs never come near it.
 */
final class Await {
    /** Upper bound of any single wait. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Await() {
    }

    /**
     * Polls a condition that has no event to wait on (a server counter). This is a bounded poll
     * of an observable state, not a sleep standing in for synchronisation.
     */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT.toMillis() + " ms waiting for: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Takes from the queue the first element matching {@code wanted}, dropping those before it.
     * {@code what} describes the wait when it fails, evaluated then (so it can show late state).
     */
    static <T> T take(Supplier<String> what, BlockingQueue<T> queue, Predicate<? super T> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            T t = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (t == null) {
                return fail("timed out after " + TIMEOUT.toMillis() + " ms waiting for: " + what.get());
            }
            if (wanted.test(t)) {
                return t;
            }
        }
    }

    /** The future's value; fails when it does not complete in time. */
    static <T> T result(String what, CompletableFuture<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("timed out after " + TIMEOUT.toMillis() + " ms waiting for: " + what);
        }
    }
}
