package io.jnatsd.sublist;

import static io.jnatsd.sublist.Results.qsub;
import static io.jnatsd.sublist.Results.sub;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Cache hits must allocate nothing. Measured with the per-thread allocation counter over many
 * calls; the small allowance covers the counter's own bookkeeping, not per-call garbage.
 */
class HotPathAllocationTest {
    private static final int CALLS = 100_000;
    private static final long ALLOWANCE_BYTES = 1024;

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled());
        return t;
    }

    @Test
    void matchCacheHitAllocatesNothing() {
        com.sun.management.ThreadMXBean t = threads();
        Sublist sl = new Sublist();
        sl.insert(sub("orders.*.created"));
        sl.insert(qsub("orders.>", "workers"));
        MatchCache cache = new MatchCache(sl, 64);
        byte[] line = "PUB orders.eu.created 12\r\n".getBytes(StandardCharsets.US_ASCII);
        SublistResult expected = cache.match(line, 4, 17);
        long tid = Thread.currentThread().getId();
        for (int warm = 0; warm < 2; warm++) {
            long before = t.getThreadAllocatedBytes(tid);
            for (int i = 0; i < CALLS; i++) {
                if (cache.match(line, 4, 17) != expected) {
                    throw new AssertionError("miss");
                }
            }
            long allocated = t.getThreadAllocatedBytes(tid) - before;
            if (warm == 1) {
                assertTrue(allocated < ALLOWANCE_BYTES, "MatchCache hit allocated " + allocated + " bytes over " + CALLS);
            }
        }
    }

    @Test
    void sublistCacheHitAllocatesNothing() {
        com.sun.management.ThreadMXBean t = threads();
        Sublist sl = new Sublist();
        sl.insert(sub("orders.*.created"));
        String subject = "orders.eu.created";
        SublistResult expected = sl.match(subject);
        assertSame(expected, sl.match(subject));
        long tid = Thread.currentThread().getId();
        for (int warm = 0; warm < 2; warm++) {
            long before = t.getThreadAllocatedBytes(tid);
            for (int i = 0; i < CALLS; i++) {
                if (sl.match(subject) != expected) {
                    throw new AssertionError("miss");
                }
            }
            long allocated = t.getThreadAllocatedBytes(tid) - before;
            if (warm == 1) {
                assertTrue(allocated < ALLOWANCE_BYTES, "Sublist hit allocated " + allocated + " bytes over " + CALLS);
            }
        }
    }
}
