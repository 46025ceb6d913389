package io.jnatsd.sublist;

import static io.jnatsd.sublist.Results.assertResult;
import static io.jnatsd.sublist.Results.identitySet;
import static io.jnatsd.sublist.Results.qsub;
import static io.jnatsd.sublist.Results.qsubs;
import static io.jnatsd.sublist.Results.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SublistTest {

    @ParameterizedTest(name = "insert(\"{0}\") is rejected")
    @ValueSource(strings = {"", ".", ".foo", "foo.", "foo..bar", "foo.bar..baz", "foo.>.bar", ">.foo", "a.>.>"})
    void insertRejectsInvalidSubjectAndChangesNothing(String subject) {
        Sublist sl = new Sublist();
        long gen = sl.genId();
        assertFalse(sl.insert(sub(subject)));
        assertFalse(sl.insert(qsub(subject, "q")));
        assertEquals(0, sl.count());
        assertEquals(gen, sl.genId());
        assertEquals(0, sl.numLevels(), "no node may be left behind");
        assertTrue(sl.all().isEmpty());
        assertEquals(0, sl.stats().numInserts());
    }

    @Test
    void insertRejectsNullSubject() {
        assertFalse(new Sublist().insert(sub(null)));
    }

    @Test
    void removeOfInvalidOrAbsentSubscriptionReturnsFalse() {
        Sublist sl = new Sublist();
        Subscription foo = sub("foo.bar");
        assertTrue(sl.insert(foo));
        long gen = sl.genId();
        assertFalse(sl.remove(sub("a.b..d")));
        assertFalse(sl.remove(sub("a.>.b")));
        assertFalse(sl.remove(sub("foo.bar")), "same subject, other instance: removal is by identity");
        assertFalse(sl.remove(qsub("foo.bar", "q")));
        assertFalse(sl.remove(sub("foo.*")));
        assertFalse(sl.remove(sub("foo")));
        assertEquals(1, sl.count());
        assertEquals(gen, sl.genId());
        assertEquals(0, sl.stats().numRemoves());
    }

    @Test
    void insertingTheSameInstanceTwiceIsRejected() {
        Sublist sl = new Sublist();
        Subscription s = sub("foo");
        assertTrue(sl.insert(s));
        long gen = sl.genId();
        assertFalse(sl.insert(s));
        assertEquals(1, sl.count());
        assertEquals(gen, sl.genId());
        assertEquals(1, sl.match("foo").psubs.length);
    }

    @Test
    void removeThenReinsertRestoresMatching() {
        Sublist sl = new Sublist();
        Subscription s = sub("foo.*");
        Subscription q = qsub("foo.*", "g");
        assertTrue(sl.insert(s));
        assertTrue(sl.insert(q));
        assertResult(List.of(s, q), sl.match("foo.bar"), "foo.bar");

        assertTrue(sl.remove(s));
        assertFalse(sl.remove(s), "second removal");
        assertResult(List.of(q), sl.match("foo.bar"), "foo.bar");
        assertTrue(sl.remove(q));
        assertResult(List.of(), sl.match("foo.bar"), "foo.bar");
        assertEquals(0, sl.count());
        assertEquals(0, sl.numLevels());

        assertTrue(sl.insert(s));
        assertTrue(sl.insert(q));
        assertResult(List.of(s, q), sl.match("foo.bar"), "foo.bar");
        assertEquals(2, sl.count());
    }

    @Test
    void removalPrunesOnlyEmptyBranches() {
        Sublist sl = new Sublist();
        Subscription deep = sub("a.b.c.d");
        Subscription mid = sub("a.b");
        Subscription wild = sub("a.*.c.>");
        sl.insert(deep);
        sl.insert(mid);
        sl.insert(wild);
        assertEquals(4, sl.numLevels());
        sl.remove(deep);
        assertEquals(4, sl.numLevels(), "a.*.c.> still needs four levels");
        sl.remove(wild);
        assertEquals(2, sl.numLevels());
        assertResult(List.of(mid), sl.match("a.b"), "a.b");
        sl.remove(mid);
        assertEquals(0, sl.numLevels());
    }

    @Test
    void queueSubscriptionsAreGroupedByNameAcrossMatchingNodes() {
        Sublist sl = new Sublist();
        Subscription g1 = qsub("foo.*", "g");
        Subscription g2 = qsub("foo.bar", "g");
        Subscription g3 = qsub(">", "g");
        Subscription h1 = qsub("foo.>", "h");
        Subscription p1 = sub("foo.bar");
        Subscription p2 = sub("*.bar");
        for (Subscription s : List.of(g1, g2, g3, h1, p1, p2)) {
            assertTrue(sl.insert(s));
        }
        for (int round = 0; round < 2; round++) {
            SublistResult r = sl.match("foo.bar");
            assertEquals(identitySet(List.of(p1, p2)), Results.psubs(r));
            Map<String, Set<Subscription>> groups = qsubs(r);
            assertEquals(Map.of("g", identitySet(List.of(g1, g2, g3)), "h", identitySet(List.of(h1))), groups);
            assertEquals(4, r.fanout());
        }
        // a cached result is updated in place of regrouping: the new member joins its group
        Subscription h2 = qsub("foo.bar", "h");
        Subscription k1 = qsub("*.*", "k");
        sl.insert(h2);
        sl.insert(k1);
        Map<String, Set<Subscription>> groups = qsubs(sl.match("foo.bar"));
        assertEquals(identitySet(List.of(h1, h2)), groups.get("h"));
        assertEquals(identitySet(List.of(k1)), groups.get("k"));
        assertEquals(3, groups.size());
    }

    @Test
    void manySubscribersOnOneSubjectCanBeRemovedInAnyOrder() {
        Sublist sl = new Sublist();
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Subscription s = i % 3 == 0 ? qsub("big.subject", "q" + (i % 2)) : sub("big.subject");
            subs.add(s);
            assertTrue(sl.insert(s));
        }
        assertResult(subs, sl.match("big.subject"), "big.subject");
        // remove first, last, middle, then every other one
        for (int idx : new int[] {0, 999, 500}) {
            assertTrue(sl.remove(subs.get(idx)));
        }
        List<Subscription> left = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            if (i == 0 || i == 999 || i == 500) {
                continue;
            }
            if (i % 2 == 0) {
                assertTrue(sl.remove(subs.get(i)));
            } else {
                left.add(subs.get(i));
            }
        }
        assertResult(left, sl.match("big.subject"), "big.subject");
        assertEquals(left.size(), sl.count());
    }

    @Test
    void cachedResultIsUpdatedByEveryInsertAndRemove() {
        Sublist sl = new Sublist();
        String subject = "a.b.c.d";
        Subscription lit = sub(subject);
        Subscription pwc = sub("a.b.*.d");
        Subscription fwc = sub("a.b.>");
        Subscription other = sub("a.b.c.e");
        Subscription q = qsub("a.>", "g");

        assertTrue(sl.insert(lit));
        assertResult(List.of(lit), sl.match(subject), subject);
        sl.insert(pwc);
        assertResult(List.of(lit, pwc), sl.match(subject), subject);
        sl.insert(fwc);
        sl.insert(other);
        assertResult(List.of(lit, pwc, fwc), sl.match(subject), subject);
        sl.insert(q);
        assertResult(List.of(lit, pwc, fwc, q), sl.match(subject), subject);
        assertEquals(5, sl.count());

        sl.remove(lit);
        assertResult(List.of(pwc, fwc, q), sl.match(subject), subject);
        sl.remove(fwc);
        assertResult(List.of(pwc, q), sl.match(subject), subject);
        sl.remove(q);
        sl.remove(pwc);
        sl.remove(other);
        assertEquals(0, sl.count());
        assertEquals(0, sl.cacheCount(), "removals drop the cached results they touch");
        assertResult(List.of(), sl.match(subject), subject);
    }

    @Test
    void wildcardInsertUpdatesEveryCachedSubjectItMatches() {
        Sublist sl = new Sublist();
        Subscription fooStar = sub("foo.*");
        sl.insert(fooStar);
        sl.insert(sub("foo.bar"));
        assertEquals(1, sl.match("foo.baz").psubs.length);
        assertEquals(2, sl.match("foo.bar").psubs.length);
        assertEquals(0, sl.match("bar.baz").psubs.length);
        sl.insert(sub("foo.>"));
        assertEquals(3, sl.match("foo.bar").psubs.length);
        assertEquals(2, sl.match("foo.baz").psubs.length);
        assertEquals(0, sl.match("bar.baz").psubs.length);
        sl.insert(sub(">"));
        assertEquals(1, sl.match("bar.baz").psubs.length);
        sl.remove(fooStar);
        assertEquals(3, sl.match("foo.bar").psubs.length);
    }

    @Test
    void cacheHitReturnsTheSameSharedInstance() {
        Sublist sl = new Sublist();
        sl.insert(sub("foo"));
        SublistResult first = sl.match("foo");
        assertSame(first, sl.match("foo"));
        assertSame(first, sl.match(new String("foo")), "keyed by content, not identity");
        assertSame(SublistResult.EMPTY, sl.match("nobody.listens"));
    }

    @Test
    void cacheIsBoundedAndTrimmedOnOverflow() {
        Sublist sl = new Sublist();
        sl.insert(sub(">"));
        for (int i = 0; i < 4 * Sublist.DEFAULT_CACHE_MAX; i++) {
            assertEquals(1, sl.match("foo-" + i).psubs.length);
            assertTrue(sl.cacheCount() <= Sublist.DEFAULT_CACHE_MAX, "cache over its bound");
        }
        assertTrue(sl.cacheCount() >= Sublist.DEFAULT_CACHE_MAX / 2, "trimmed too far: " + sl.cacheCount());
    }

    @Test
    void subjectsWithEmptyTokensAreNotCached() {
        Sublist sl = new Sublist();
        sl.insert(sub(">"));
        for (String bad : new String[] {"", ".", "foo.", ".foo", "a..b"}) {
            assertSame(SublistResult.EMPTY, sl.match(bad));
        }
        assertEquals(0, sl.cacheCount());
    }

    @Test
    void disabledCacheStillMatchesAndCountsNothingCached() {
        Sublist sl = new Sublist(0);
        Subscription s = sub("foo.*");
        sl.insert(s);
        assertResult(List.of(s), sl.match("foo.bar"), "foo.bar");
        assertNotSame(sl.match("foo.bar"), sl.match("foo.bar"));
        assertEquals(0, sl.cacheCount());
        SublistStats st = sl.stats();
        assertEquals(0, st.numCache());
        assertEquals(0.0, st.cacheHitRate());
        assertEquals(3, st.numMatches());
    }

    @Test
    void genIdChangesOnEverySuccessfulInsertAndRemoveOnly() {
        Sublist sl = new Sublist();
        long g0 = sl.genId();
        Subscription s = sub("foo");
        sl.insert(s);
        long g1 = sl.genId();
        assertNotEquals(g0, g1);
        sl.match("foo");
        sl.stats();
        sl.all();
        assertEquals(g1, sl.genId(), "reads do not change the generation");
        sl.insert(sub("foo..bar"));
        assertEquals(g1, sl.genId(), "a rejected insert does not change the generation");
        sl.remove(s);
        long g2 = sl.genId();
        assertNotEquals(g1, g2);
        assertNotEquals(g0, g2);
        sl.remove(s);
        assertEquals(g2, sl.genId(), "a failed remove does not change the generation");
    }

    @Test
    void removeAllRemovesPresentSubscriptionsWithOneGenerationChange() {
        Sublist sl = new Sublist();
        Subscription a = sub("a");
        Subscription b = qsub("b.*", "q");
        Subscription keep = sub(">");
        sl.insert(a);
        sl.insert(b);
        sl.insert(keep);
        sl.match("a");
        sl.match("b.x");
        long gen = sl.genId();
        assertEquals(2, sl.removeAll(List.of(a, b, sub("never.inserted"), sub("bad..subject"))));
        assertEquals(gen + 1, sl.genId());
        assertEquals(1, sl.count());
        assertResult(List.of(keep), sl.match("a"), "a");
        assertResult(List.of(keep), sl.match("b.x"), "b.x");
        assertEquals(1, sl.numLevels());
        assertEquals(0, sl.removeAll(List.of(a)));
        assertEquals(gen + 1, sl.genId(), "nothing removed, no change");
        assertEquals(2, sl.stats().numRemoves());
    }

    @Test
    void allReturnsASnapshotOfEverySubscription() {
        Sublist sl = new Sublist();
        List<Subscription> subs = List.of(sub("a"), sub("a.b"), sub("a.*"), sub("a.>"), sub(">"), qsub("a", "q"),
                qsub("a", "r"), qsub("*", "q"), sub("ü.ñ"));
        subs.forEach(sl::insert);
        List<Subscription> all = sl.all();
        assertEquals(subs.size(), all.size());
        assertEquals(identitySet(subs), identitySet(all));
        sl.remove(subs.get(0));
        assertEquals(subs.size(), all.size(), "a snapshot, not a view");
    }

    @Test
    void statsCountInsertsRemovesMatchesAndCacheHitRate() {
        // nats-server's TestSublistAddCacheHitRate: one miss then three hits is 0.75
        Sublist sl1 = new Sublist();
        sl1.insert(sub("foo"));
        for (int i = 0; i < 4; i++) {
            sl1.match("foo");
        }
        SublistStats s1 = sl1.stats();
        assertEquals(0.75, s1.cacheHitRate());
        assertEquals(4, s1.numMatches());

        Sublist sl2 = new Sublist();
        sl2.insert(sub("bar"));
        for (int i = 0; i < 4; i++) {
            sl2.match("bar");
        }
        SublistStats sum = SublistStats.ZERO.plus(s1).plus(sl2.stats());
        assertEquals(0.75, sum.cacheHitRate());
        assertEquals(8, sum.numMatches());
        assertEquals(2, sum.numSubscriptions());
        assertEquals(2, sum.numInserts());
    }

    @Test
    void statsFanoutIsComputedOverCachedResults() {
        Sublist sl = new Sublist();
        Subscription foo = sub("foo");
        sl.insert(foo);
        sl.insert(qsub("foo", "g"));
        sl.insert(qsub("foo", "g"));
        sl.insert(sub("foo.*"));
        sl.insert(sub("bar"));
        sl.remove(foo);
        sl.insert(foo);
        sl.match("foo");      // 1 plain + 1 group = 2
        sl.match("foo.x");    // 1
        sl.match("bar");      // 1
        sl.match("nothing");  // 0, cached too
        sl.match("bar");      // hit

        SublistStats st = sl.stats();
        assertEquals(5, st.numSubscriptions());
        assertEquals(4, st.numCache());
        assertEquals(6, st.numInserts());
        assertEquals(1, st.numRemoves());
        assertEquals(5, st.numMatches());
        assertEquals(0.2, st.cacheHitRate(), 1e-12);
        assertEquals(2, st.maxFanout());
        assertEquals(1.0, st.avgFanout(), 1e-12);

        SublistStats empty = new Sublist().stats();
        assertEquals(SublistStats.ZERO, empty);
    }

    @Test
    void statsPlusRecomputesAveragesFromTotals() {
        SublistStats a = new SublistStats(1, 3, 1, 0, 10, 0.7, 5, 2.0);   // 7 hits, fanout total 6
        SublistStats b = new SublistStats(2, 1, 2, 1, 30, 0.1, 3, 2.0);   // 3 hits, fanout total 2
        SublistStats s = a.plus(b);
        assertEquals(new SublistStats(3, 4, 3, 1, 40, 10.0 / 40, 5, 8.0 / 4), s);
    }
}
