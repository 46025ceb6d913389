package io.jnatsd.sublist;

import static io.jnatsd.sublist.Results.assertResult;
import static io.jnatsd.sublist.Results.bruteForce;
import static io.jnatsd.sublist.Results.qsub;
import static io.jnatsd.sublist.Results.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchCacheTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SublistResult match(MatchCache cache, String subject) {
        byte[] b = utf8(subject);
        return cache.match(b, 0, b.length);
    }

    @Test
    void hitReturnsTheSameInstanceWithoutAskingTheSublist() {
        Sublist sl = new Sublist();
        Subscription s = sub("foo.*");
        sl.insert(s);
        MatchCache cache = new MatchCache(sl, 16);
        SublistResult first = match(cache, "foo.bar");
        assertResult(List.of(s), first, "foo.bar");
        long asked = sl.stats().numMatches();
        for (int i = 0; i < 10; i++) {
            assertSame(first, match(cache, "foo.bar"));
        }
        assertEquals(asked, sl.stats().numMatches(), "hits must not reach the sublist");
        assertEquals(1, cache.size());
    }

    @Test
    void subjectIsReadInPlaceFromTheBuffer() {
        Sublist sl = new Sublist();
        Subscription s = sub("foo.bar");
        sl.insert(s);
        MatchCache cache = new MatchCache(sl, 16);
        byte[] line = utf8("PUB foo.bar 5\r\n");
        SublistResult r = cache.match(line, 4, 7);
        assertResult(List.of(s), r, "foo.bar");
        byte[] other = utf8("xxfoo.barxx");
        assertSame(r, cache.match(other, 2, 7), "same bytes at another offset are a hit");
        line[4] = 'g'; // the cache kept its own copy of the key
        assertSame(r, cache.match(other, 2, 7));
        assertResult(List.of(), cache.match(line, 4, 7), "goo.bar");
    }

    @Test
    void changeInTheSublistInvalidatesTheCache() {
        Sublist sl = new Sublist();
        MatchCache cache = new MatchCache(sl, 16);
        assertSame(SublistResult.EMPTY, match(cache, "foo.bar"));
        match(cache, "other");
        assertEquals(2, cache.size());

        Subscription s = sub("foo.>");
        sl.insert(s);
        assertResult(List.of(s), match(cache, "foo.bar"), "foo.bar");
        assertEquals(1, cache.size(), "cleared on generation change, then refilled");

        Subscription q = qsub("*.bar", "g");
        sl.insert(q);
        assertResult(List.of(s, q), match(cache, "foo.bar"), "foo.bar");

        sl.remove(s);
        assertResult(List.of(q), match(cache, "foo.bar"), "foo.bar");
        sl.remove(q);
        assertSame(SublistResult.EMPTY, match(cache, "foo.bar"));
    }

    @Test
    void staysCorrectAndBoundedWithManyMoreSubjectsThanCapacity() {
        Sublist sl = new Sublist(64);
        List<Subscription> subs = List.of(sub("s.*"), sub("s.1.>"), qsub("s.*.*", "g"), sub("s.7"), qsub(">", "h"));
        subs.forEach(sl::insert);
        int capacity = 8;
        MatchCache cache = new MatchCache(sl, capacity);
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // a skewed mix: a few hot subjects and a long tail
            int n = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(5000);
            String subject = rnd.nextBoolean() ? "s." + n : "s." + (n % 10) + "." + n;
            SublistResult r = match(cache, subject);
            assertResult(bruteForce(subs, subject), r, subject);
            assertTrue(cache.size() <= capacity, "over capacity: " + cache.size());
            long asked = sl.stats().numMatches();
            assertSame(r, match(cache, subject), "a subject just looked up must hit");
            assertEquals(asked, sl.stats().numMatches());
        }
        assertEquals(capacity, cache.size());
    }

    @Test
    void everyCachedSubjectStaysReachableAfterEvictions() {
        Sublist sl = new Sublist();
        sl.insert(sub(">"));
        for (int capacity : new int[] {1, 2, 3, 8, 64}) {
            MatchCache cache = new MatchCache(sl, capacity);
            Random rnd = new Random(capacity);
            for (int i = 0; i < 5000; i++) {
                match(cache, "k" + rnd.nextInt(4 * capacity));
                assertEquals(cache.size(), cache.reachableEntries(), "probe chain broken after eviction");
                assertTrue(cache.size() <= capacity);
            }
            assertEquals(capacity, cache.size());
        }
    }

    @Test
    void nonAsciiSubjectsAreMatchedAndKeptApart() {
        Sublist sl = new Sublist();
        Subscription star = sub("préférences.*");
        Subscription exact = sub("préférences.ñ");
        Subscription greek = sub("αβγ.>");
        sl.insert(star);
        sl.insert(exact);
        sl.insert(greek);
        MatchCache cache = new MatchCache(sl, 16);
        assertResult(List.of(star, exact), match(cache, "préférences.ñ"), "préférences.ñ");
        assertResult(List.of(star), match(cache, "préférences.n"), "préférences.n");
        assertResult(List.of(star), match(cache, "préférences.ň"), "préférences.ň");
        assertResult(List.of(greek), match(cache, "αβγ.δ.ε"), "αβγ.δ.ε");
        assertResult(List.of(), match(cache, "preferences.ñ"), "preferences.ñ");
        assertEquals(5, cache.size());
        assertResult(List.of(star, exact), match(cache, "préférences.ñ"), "préférences.ñ");
    }

    @Test
    void subjectsWithEmptyTokensMatchNothing() {
        Sublist sl = new Sublist();
        sl.insert(sub(">"));
        MatchCache cache = new MatchCache(sl, 4);
        for (String bad : new String[] {"", "foo.", ".foo", "a..b"}) {
            assertSame(SublistResult.EMPTY, match(cache, bad));
        }
    }

    @Test
    void capacityMustBePositive() {
        Sublist sl = new Sublist();
        assertThrows(IllegalArgumentException.class, () -> new MatchCache(sl, 0));
        MatchCache one = new MatchCache(sl, 1);
        sl.insert(sub("*"));
        assertEquals(1, match(one, "a").psubs.length);
        assertEquals(1, match(one, "b").psubs.length);
        assertEquals(1, one.size());
    }

    @Test
    void clearDropsEverything() {
        Sublist sl = new Sublist();
        MatchCache cache = new MatchCache(sl, 4);
        match(cache, "a");
        match(cache, "b");
        cache.clear();
        assertEquals(0, cache.size());
        long asked = sl.stats().numMatches();
        match(cache, "a");
        assertEquals(asked + 1, sl.stats().numMatches());
    }
}
