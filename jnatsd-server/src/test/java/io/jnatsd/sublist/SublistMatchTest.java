package io.jnatsd.sublist;

import static io.jnatsd.sublist.Results.assertResult;
import static io.jnatsd.sublist.Results.bruteForce;
import static io.jnatsd.sublist.Results.qsub;
import static io.jnatsd.sublist.Results.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Matching semantics, each case run with the shared cache on and off. */
class SublistMatchTest {

    static Stream<Arguments> cases() {
        Object[][] table = {
            // subscription, published subject, matches
            {"foo", "foo", true},
            {"foo", "foo.bar", false},
            {"foo.bar", "foo", false},
            {"foo.bar", "foo.baz", false},
            {"foo.>", "foo", false},
            {"foo.>", "foo.bar", true},
            {"foo.>", "foo.bar.baz", true},
            {">", "foo", true},
            {">", "foo.bar.baz", true},
            {"*", "foo", true},
            {"*", "foo.bar", false},
            {"*.*", "foo.bar", true},
            {"*.*", "foo", false},
            {"*.*", "foo.bar.baz", false},
            {"*.bar", "foo.bar", true},
            {"foo.*", "foo", false},
            {"foo.*.baz", "foo.bar.baz", true},
            {"foo.*.baz", "foo.bar", false},
            {"foo.*.baz", "foo.bar.bar.baz", false},
            {"foo.*.baz", "foo.bar.baz.qux", false},
            {"*.>", "foo", false},
            {"*.>", "foo.bar", true},
            {"foo.*.>", "foo.bar.baz", true},
            {"foo.*.>", "foo.bar", false},
            {"stats.*.*", "stats.test.22", true},
            // wildcard characters inside a token are literal text
            {"foo*", "foo*", true},
            {"foo*", "foo", false},
            {"foo*", "foobar", false},
            {"foo*", "foo.bar", false},
            {"f>", "f>", true},
            {"f>", "foo", false},
            {">bar", ">bar", true},
            {"foo.*-", "foo.bar", false},
            {"foo.*-", "foo.*-", true},
            {"foo.>-", "foo.bar", false},
            {"foo.>-", "foo.>-", true},
            // a published "*" token is not a wildcard: only a subscription's wildcard matches it
            {"foo.*", "foo.*", true},
            {"foo.bar", "foo.*", false},
            // non-ASCII
            {"présence.*", "présence.ñ", true},
            {"*.ñ", "x.ñ", true},
            {"présence.ñ", "presence.ñ", false},
            // published subjects with empty tokens match nothing, not even '>'
            {">", "", false},
            {">", ".foo", false},
            {">", "..foo", false},
            {">", "foo.", false},
            {">", "foo..", false},
            {">", "foo..bar", false},
            {"*", ".", false},
        };
        List<Arguments> args = new ArrayList<>();
        for (int cacheMax : new int[] {Sublist.DEFAULT_CACHE_MAX, 0}) {
            for (Object[] row : table) {
                args.add(Arguments.of(row[0], row[1], row[2], cacheMax));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "sub \"{0}\" matches \"{1}\": {2} (cacheMax {3})")
    @MethodSource("cases")
    void matchFollowsTokenAndWildcardRules(String pattern, String subject, boolean expected, int cacheMax) {
        Sublist sl = new Sublist(cacheMax);
        Subscription plain = sub(pattern);
        Subscription queued = qsub(pattern, "q");
        assertTrue(sl.insert(plain));
        assertTrue(sl.insert(queued));
        for (int round = 0; round < 2; round++) { // second round is served by the cache when enabled
            SublistResult r = sl.match(subject);
            assertResult(expected ? List.of(plain, queued) : List.of(), r, subject);
        }
        assertEquals(expected, Subjects.matches(pattern, subject) && Subjects.tokenize(subject) != null);
    }

    @ParameterizedTest(name = "cacheMax {0}")
    @ValueSource(ints = {Sublist.DEFAULT_CACHE_MAX, 8, 0})
    void matchAgreesWithBruteForceOverRandomSubscriptionsAndRemovals(int cacheMax) {
        Random rnd = new Random(42);
        String[] tokens = {"a", "b", "c", "*", ">"};
        Sublist sl = new Sublist(cacheMax);
        List<Subscription> present = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            if (present.isEmpty() || rnd.nextInt(present.size() > 150 ? 2 : 3) > 0) { // grow, then hover
                StringBuilder sb = new StringBuilder();
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String t = tokens[rnd.nextInt(i == n - 1 ? tokens.length : tokens.length - 1)];
                    sb.append(i == 0 ? "" : ".").append(t);
                }
                Subscription s = rnd.nextBoolean() ? sub(sb.toString()) : qsub(sb.toString(), "g" + rnd.nextInt(3));
                assertTrue(sl.insert(s));
                present.add(s);
            } else {
                assertTrue(sl.remove(present.remove(rnd.nextInt(present.size()))));
            }
            StringBuilder lit = new StringBuilder();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                lit.append(i == 0 ? "" : ".").append(tokens[rnd.nextInt(3)]);
            }
            String subject = lit.toString();
            assertResult(bruteForce(present, subject), sl.match(subject), subject);
            assertEquals(present.size(), sl.count());
        }
        for (Subscription s : present) {
            assertTrue(sl.remove(s));
        }
        assertEquals(0, sl.count());
        assertEquals(0, sl.numLevels(), "removal must prune every node");
        assertSame(SublistResult.EMPTY, sl.match("a.b"));
    }
}
