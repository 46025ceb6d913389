package io.jnatsd.sublist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test helpers: results as identity sets, and the brute-force reference match. */
final class Results {
    private Results() {
    }

    static Subscription sub(String subject) {
        return new Subscription(subject, null);
    }

    static Subscription qsub(String subject, String queue) {
        return new Subscription(subject, queue);
    }

    static Set<Subscription> identitySet(Collection<? extends Subscription> subs) {
        Set<Subscription> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(subs);
        return s;
    }

    static Set<Subscription> psubs(SublistResult r) {
        return identitySet(List.of(r.psubs));
    }

    /** Queue name to members, checking the result's grouping invariants on the way. */
    static Map<String, Set<Subscription>> qsubs(SublistResult r) {
        Map<String, Set<Subscription>> groups = new HashMap<>();
        for (Subscription[] group : r.qsubs) {
            assertTrue(group.length > 0, "empty queue group in " + r);
            String name = group[0].queue;
            assertNotNull(name, "plain subscription in a queue group: " + r);
            for (Subscription s : group) {
                assertEquals(name, s.queue, "mixed queue group in " + r);
            }
            assertFalse(groups.containsKey(name), "queue group " + name + " split in " + r);
            groups.put(name, identitySet(List.of(group)));
        }
        return groups;
    }

    /** Every subscription of a result, checking nothing appears twice. */
    static Set<Subscription> all(SublistResult r) {
        Set<Subscription> s = identitySet(List.of());
        List<Subscription> flat = new ArrayList<>(List.of(r.psubs));
        for (Subscription[] g : r.qsubs) {
            flat.addAll(List.of(g));
        }
        for (Subscription x : flat) {
            assertTrue(s.add(x), "duplicate " + x + " in " + r);
        }
        return s;
    }

    /** The reference: the subscriptions whose subject matches, by {@link Subjects#matches}. */
    static Set<Subscription> bruteForce(Collection<? extends Subscription> subs, String literal) {
        Set<Subscription> s = identitySet(List.of());
        if (Subjects.tokenize(literal) == null) {
            return s;
        }
        for (Subscription x : subs) {
            if (Subjects.matches(x.subject, literal)) {
                s.add(x);
            }
        }
        return s;
    }

    /** Asserts a result holds exactly {@code expected}, correctly split and grouped. */
    static void assertResult(Collection<? extends Subscription> expected, SublistResult r, String subject) {
        Set<Subscription> got = all(r);
        assertEquals(identitySet(expected), got, "match(" + subject + ")");
        for (Subscription s : r.psubs) {
            assertFalse(s.isQueue(), "queue sub among psubs: " + s);
        }
        Set<String> expectedGroups = new HashSet<>();
        for (Subscription s : expected) {
            if (s.isQueue()) {
                expectedGroups.add(s.queue);
            }
        }
        assertEquals(expectedGroups, qsubs(r).keySet(), "queue groups of match(" + subject + ")");
    }
}
