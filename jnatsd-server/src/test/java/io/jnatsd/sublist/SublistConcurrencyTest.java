package io.jnatsd.sublist;

import static io.jnatsd.sublist.Results.all;
import static io.jnatsd.sublist.Results.assertResult;
import static io.jnatsd.sublist.Results.bruteForce;
import static io.jnatsd.sublist.Results.identitySet;
import static io.jnatsd.sublist.Results.qsub;
import static io.jnatsd.sublist.Results.qsubs;
import static io.jnatsd.sublist.Results.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers insert and remove their own subscriptions while readers match, through the sublist
 * and through per-thread {@link MatchCache}s. Checked while running: results are well formed,
 * only hold matching subscriptions, always hold the permanent ones, and each writer reads its
 * own writes, including batch removal. Checked at the end: the index equals the writers' record of what is present.
 * Work is bounded by an iteration count and a deadline; threads meet on a latch, no sleeps.
 */
class SublistConcurrencyTest {
    private static final int WRITERS = 3;
    private static final int READERS = 3;
    private static final int SUBS_PER_WRITER = 24;
    private static final int WRITER_STEPS = 20_000;
    private static final int READER_STEPS = 50_000;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final List<String> LITERALS = new ArrayList<>();
    private static final String[] PATTERNS = {
        "s.a.0", "s.b.1", "s.*.2", "s.a.*", "s.>", "*.a", "t.>", "*.*.3", "s.a.0.deep", "s.*.0.>", "t.b", "s.c.*",
    };

    static {
        for (String a : new String[] {"a", "b", "c", "d"}) {
            for (int n = 0; n < 4; n++) {
                LITERALS.add("s." + a + "." + n);
            }
            LITERALS.add("t." + a);
        }
        LITERALS.add("s.a.0.deep");
    }

    @ParameterizedTest(name = "cacheMax {0}")
    @ValueSource(ints = {Sublist.DEFAULT_CACHE_MAX, 16, 0})
    void concurrentInsertRemoveAndMatchKeepTheIndexConsistent(int cacheMax) throws Exception {
        Sublist sl = new Sublist(cacheMax);
        List<Subscription> permanent = List.of(sub(">"), qsub("s.*.*", "perm"));
        permanent.forEach(sl::insert);
        long gen0 = sl.genId();

        List<List<Subscription>> owned = new ArrayList<>();
        List<boolean[]> present = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<Subscription> mine = new ArrayList<>();
            for (int i = 0; i < SUBS_PER_WRITER; i++) {
                String p = PATTERNS[(w * 7 + i) % PATTERNS.length];
                mine.add(i % 3 == 0 ? qsub(p, "g" + (i % 2)) : sub(p));
            }
            owned.add(mine);
            present.add(new boolean[SUBS_PER_WRITER]);
        }

        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + RUN_NANOS;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        List<Future<Long>> writers = new ArrayList<>();
        List<Future<Long>> readers = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(pool.submit(writer(sl, owned.get(id), present.get(id), id, start, deadline)));
            }
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(reader(sl, permanent, 100 + r, start, deadline)));
            }
            start.countDown();
            long changes = 0;
            for (Future<Long> f : writers) {
                changes += get(f);
            }
            for (Future<Long> f : readers) {
                assertTrue(get(f) > 0, "a reader did no work");
            }

            // final state: exactly the permanent subscriptions plus what each writer left in
            List<Subscription> expected = new ArrayList<>(permanent);
            for (int w = 0; w < WRITERS; w++) {
                for (int i = 0; i < SUBS_PER_WRITER; i++) {
                    if (present.get(w)[i]) {
                        expected.add(owned.get(w).get(i));
                    }
                }
            }
            assertEquals(expected.size(), sl.count());
            assertEquals(identitySet(expected), identitySet(sl.all()));
            assertEquals(gen0 + changes, sl.genId(), "one generation per successful change or batch");
            SublistStats st = sl.stats();
            assertEquals(sl.count(), st.numInserts() - st.numRemoves());
            assertTrue(st.numCache() <= cacheMax + WRITERS + READERS, "cache bound: " + st.numCache());
            MatchCache fresh = new MatchCache(sl, 8);
            for (String subject : LITERALS) {
                assertResult(bruteForce(expected, subject), sl.match(subject), subject);
                byte[] b = subject.getBytes(StandardCharsets.UTF_8);
                assertResult(bruteForce(expected, subject), fresh.match(b, 0, b.length), subject);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** Toggles its own subscriptions, checking each change is visible at once. Returns changes made. */
    private static Callable<Long> writer(Sublist sl, List<Subscription> mine, boolean[] present, int seed,
                                         CountDownLatch start, long deadline) {
        return () -> {
            Random rnd = new Random(seed);
            MatchCache cache = new MatchCache(sl, 4);
            String[] probe = new String[mine.size()];
            for (int i = 0; i < probe.length; i++) {
                probe[i] = firstMatchingLiteral(mine.get(i).subject);
            }
            assertTrue(start.await(10, TimeUnit.SECONDS));
            long changes = 0;
            for (int step = 0; step < WRITER_STEPS && System.nanoTime() < deadline; step++) {
                if (step % 500 == 499) {
                    changes += closeConnection(sl, mine, present);
                    continue;
                }
                int i = rnd.nextInt(mine.size());
                Subscription s = mine.get(i);
                if (present[i]) {
                    assertTrue(sl.remove(s));
                } else {
                    assertTrue(sl.insert(s));
                }
                present[i] = !present[i];
                changes++;
                SublistResult r;
                if (rnd.nextBoolean()) {
                    r = sl.match(probe[i]);
                } else {
                    byte[] b = probe[i].getBytes(StandardCharsets.UTF_8);
                    r = cache.match(b, 0, b.length);
                }
                assertEquals(present[i], all(r).contains(s), "own write not visible on " + probe[i]);
            }
            return changes;
        };
    }

    /** Removes all present subscriptions in one batch, as a closing connection does; 1 change or 0. */
    private static long closeConnection(Sublist sl, List<Subscription> mine, boolean[] present) {
        List<Subscription> batch = new ArrayList<>();
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                batch.add(mine.get(i));
                present[i] = false;
            }
        }
        assertEquals(batch.size(), sl.removeAll(batch));
        for (Subscription s : batch) {
            assertFalse(all(sl.match(firstMatchingLiteral(s.subject))).contains(s), "batch-removed " + s + " still matches");
        }
        return batch.isEmpty() ? 0 : 1;
    }

    /** Matches random subjects and checks each result's shape. Returns matches made. */
    private static Callable<Long> reader(Sublist sl, List<Subscription> permanent, int seed,
                                         CountDownLatch start, long deadline) {
        return () -> {
            Random rnd = new Random(seed);
            MatchCache cache = new MatchCache(sl, 8);
            byte[][] bytes = new byte[LITERALS.size()][];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = LITERALS.get(i).getBytes(StandardCharsets.UTF_8);
            }
            assertTrue(start.await(10, TimeUnit.SECONDS));
            long steps = 0;
            for (; steps < READER_STEPS && System.nanoTime() < deadline; steps++) {
                int k = rnd.nextInt(LITERALS.size());
                String subject = LITERALS.get(k);
                SublistResult r = rnd.nextBoolean() ? sl.match(subject) : cache.match(bytes[k], 0, bytes[k].length);
                Set<Subscription> got = all(r); // also fails on duplicates
                qsubs(r);                        // fails on a split or mixed queue group
                for (Subscription s : r.psubs) {
                    assertFalse(s.isQueue());
                }
                for (Subscription s : got) {
                    assertTrue(Subjects.matches(s.subject, subject), s + " does not match " + subject);
                }
                for (Subscription p : bruteForce(permanent, subject)) {
                    assertTrue(got.contains(p), "permanent " + p + " missing for " + subject);
                }
            }
            return steps;
        };
    }

    private static String firstMatchingLiteral(String pattern) {
        for (String l : LITERALS) {
            if (Subjects.matches(pattern, l)) {
                return l;
            }
        }
        throw new AssertionError("no test subject matches " + pattern);
    }

    private static long get(Future<Long> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
