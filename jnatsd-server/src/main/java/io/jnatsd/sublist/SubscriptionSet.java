package io.jnatsd.sublist;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * An identity set of subscriptions kept as a dense array, so building a result is an array copy.
 * Small sets (the common case: one node, few subscribers) search the array; large ones add an
 * identity index so removal stays O(1) with 100k subscribers on one subject.
 *
 * <p>Not thread-safe: the {@link Sublist} lock guards it (readers share the read lock).
 */
final class SubscriptionSet {
    /** Above this size an index replaces the linear search. */
    static final int INDEX_THRESHOLD = 16;
    private static final int INITIAL_CAPACITY = 2;

    private Subscription[] items = new Subscription[INITIAL_CAPACITY];
    private int size;
    /** Element to position; built when size passes INDEX_THRESHOLD, dropped below half of it. */
    private IdentityHashMap<Subscription, Integer> index;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Subscription get(int i) {
        return items[i];
    }

    /** Adds by identity; false if already present. */
    boolean add(Subscription sub) {
        if (indexOf(sub) >= 0) {
            return false;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size] = sub;
        if (index != null) {
            index.put(sub, size);
        }
        size++;
        if (index == null && size > INDEX_THRESHOLD) {
            index = new IdentityHashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                index.put(items[i], i);
            }
        }
        return true;
    }

    /** Removes by identity (swapping the last element into the hole); false if absent. */
    boolean remove(Subscription sub) {
        int i = indexOf(sub);
        if (i < 0) {
            return false;
        }
        int last = --size;
        Subscription moved = items[last];
        items[i] = moved;
        items[last] = null;
        if (index != null) {
            index.remove(sub);
            if (i != last) {
                index.put(moved, i);
            }
            if (size <= INDEX_THRESHOLD / 2) {
                index = null; // hysteresis: do not rebuild on every add/remove at the threshold
            }
        }
        if (items.length > INITIAL_CAPACITY * 4 && size < items.length / 4) {
            items = Arrays.copyOf(items, items.length / 2); // give memory back after mass unsubscribe
        }
        return true;
    }

    /** Appends all elements to {@code out} from position {@code at}; out must have room. */
    void copyTo(Subscription[] out, int at) {
        System.arraycopy(items, 0, out, at, size);
    }

    private int indexOf(Subscription sub) {
        if (index != null) {
            Integer i = index.get(sub);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (items[i] == sub) {
                return i;
            }
        }
        return -1;
    }
}
