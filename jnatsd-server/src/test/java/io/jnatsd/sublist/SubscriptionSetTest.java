package io.jnatsd.sublist;

import static io.jnatsd.sublist.Results.identitySet;
import static io.jnatsd.sublist.Results.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubscriptionSetTest {

    private static List<Subscription> contents(SubscriptionSet set) {
        Subscription[] out = new Subscription[set.size()];
        set.copyTo(out, 0);
        return Arrays.asList(out);
    }

    @Test
    void addAndRemoveByIdentityAcrossTheIndexThresholdInBothDirections() {
        Random rnd = new Random(3);
        SubscriptionSet set = new SubscriptionSet();
        List<Subscription> reference = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            int target = round == 1 ? 5 : 4 * SubscriptionSet.INDEX_THRESHOLD;
            while (reference.size() < target) {
                Subscription s = sub("same.subject"); // equal subjects, distinct identities
                assertTrue(set.add(s));
                assertFalse(set.add(s), "duplicate add");
                reference.add(s);
                assertEquals(identitySet(reference), identitySet(contents(set)));
            }
            while (reference.size() > (round == 1 ? 0 : 2)) {
                Subscription s = reference.remove(rnd.nextInt(reference.size()));
                assertTrue(set.remove(s));
                assertFalse(set.remove(s), "second remove");
                assertEquals(reference.size(), set.size());
                assertEquals(identitySet(reference), identitySet(contents(set)));
            }
        }
        assertFalse(set.remove(sub("never.added")));
    }
}
