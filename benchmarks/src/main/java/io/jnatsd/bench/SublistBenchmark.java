package io.jnatsd.bench;

import io.jnatsd.sublist.MatchCache;
import io.jnatsd.sublist.Sublist;
import io.jnatsd.sublist.SublistResult;
import io.jnatsd.sublist.Subscription;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The subject index as a publishing connection uses it: {@link MatchCache#match} over the
 * publish subject's bytes, in front of a {@link Sublist} holding {@code subscriptions}
 * subscriptions. One operation is one lookup; the published subjects rotate through a set.
 *
 * <p>The index: 90% literal subscriptions {@code svc.<a>.<b>.req}, 10% wildcard ones, in pairs
 * {@code evt.<j>.*.data} and {@code evt.<j>.>}. A {@code literal} publish ({@code svc.<a>.<b>.req})
 * matches one literal subscription, a {@code wildcard} publish ({@code evt.<j>.<k>.data}) matches
 * one pair (a '*' and a '>' subscription) and nothing literal.
 *
 * <p>{@code cache}:
 * <ul>
 *   <li>{@code hit}: the connection cache as the server sizes it (256), 16 hot subjects: every
 *       lookup hits it. The message path in steady state; should allocate nothing.</li>
 *   <li>{@code shared}: a one-entry connection cache and 512 rotating subjects, so every lookup
 *       misses it and hits the Sublist's shared cache (1024 entries): decode, shared lookup,
 *       key copy.</li>
 *   <li>{@code miss}: as {@code shared} with the shared cache disabled ({@code new Sublist(0)}):
 *       every lookup walks the trie and builds its result (the cost of a first-seen subject).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.EXECUTOR, Jvm.EXECUTOR_CLASS, Jvm.GC, Jvm.XMS, Jvm.XMX})
public class SublistBenchmark {
    /** The connection cache size ClientConnection uses (MATCH_CACHE_SIZE). */
    static final int SERVER_MATCH_CACHE = 256;

    @Param({"1000", "100000"})
    public int subscriptions;

    @Param({"literal", "wildcard"})
    public String subject;

    @Param({"hit", "shared", "miss"})
    public String cache;

    Sublist sublist;
    MatchCache matchCache;
    byte[][] subjects;
    int next;
    /** Subscriptions one published subject must match (1 literal, or a '*' and '>' pair). */
    int expectedMatches;

    @Setup
    public void setup() {
        int rotating;
        switch (cache) {
            case "hit" -> {
                sublist = new Sublist();
                matchCache = new MatchCache(sublist, SERVER_MATCH_CACHE);
                rotating = 16;
            }
            case "shared" -> {
                sublist = new Sublist();
                matchCache = new MatchCache(sublist, 1);
                rotating = 512;
            }
            case "miss" -> {
                sublist = new Sublist(0);
                matchCache = new MatchCache(sublist, 1);
                rotating = 512;
            }
            default -> throw new IllegalArgumentException("cache=" + cache);
        }
        int wildcardPairs = Math.max(1, subscriptions / 20);
        int literals = subscriptions - 2 * wildcardPairs;
        for (int i = 0; i < literals; i++) {
            insert(literal(i), null);
        }
        for (int j = 0; j < wildcardPairs; j++) {
            insert("evt." + j + ".*.data", null);
            insert("evt." + j + ".>", null);
        }
        if (sublist.count() != subscriptions) {
            throw new IllegalStateException("index holds " + sublist.count() + " subscriptions");
        }
        subjects = new byte[rotating][];
        for (int k = 0; k < rotating; k++) {
            String s = switch (subject) {
                // spread over the index with a stride coprime to its size
                case "literal" -> literal((int) ((k * 7919L) % literals));
                case "wildcard" -> "evt." + (int) ((k * 7919L) % wildcardPairs) + ".k" + k + ".data";
                default -> throw new IllegalArgumentException("subject=" + subject);
            };
            subjects[k] = s.getBytes(StandardCharsets.US_ASCII);
        }
        expectedMatches = subject.equals("literal") ? 1 : 2;
        for (int k = 0; k < 2 * rotating; k++) {
            SublistResult r = match();
            if (r.psubs.length != expectedMatches || r.qsubs.length != 0) {
                throw new IllegalStateException("unexpected result " + r);
            }
        }
    }

    @Benchmark
    public SublistResult match() {
        int k = next;
        next = k + 1 == subjects.length ? 0 : k + 1;
        byte[] s = subjects[k];
        return matchCache.match(s, 0, s.length);
    }

    private void insert(String subj, String queue) {
        if (!sublist.insert(new Subscription(subj, queue))) {
            throw new IllegalStateException("cannot insert " + subj);
        }
    }

    private static String literal(int i) {
        return "svc." + i / 100 + "." + i % 100 + ".req";
    }
}
