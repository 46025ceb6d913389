package io.jnatsd.sublist;

import java.util.Arrays;

/**
 * A connection's private cache in front of a {@link Sublist}, keyed by the subject bytes as they
 * sit in the read buffer, so a repeated publish subject is resolved with no String and no
 * allocation: open addressing with linear probing, the bytes hashed and compared in place.
 *
 * <p>On a miss it decodes the subject once ({@link Subjects#decode}), asks the sublist and stores
 * a copy of the bytes. It holds at most {@code capacity} subjects; when full, each miss evicts one
 * entry (the next occupied slot after a moving cursor), so the cost stays bounded per message.
 * The whole cache is cleared when the sublist's {@link Sublist#genId()} has moved since it was
 * filled: the id is read before the sublist is asked, so a result never outlives a change.
 *
 * <p>Not thread-safe: owned by one connection and used on its event loop only.
 */
public final class MatchCache {
    private final Sublist sublist;
    private final int capacity;
    private final int mask;
    private final byte[][] keys;
    private final int[] hashes;
    private final SublistResult[] results;
    private int size;
    private long genId;
    private int evictCursor;

    /** A cache of at most {@code capacity} subjects (table at load factor 1/2 or less). */
    public MatchCache(Sublist sublist, int capacity) {
        if (capacity < 1 || capacity > 1 << 28) {
            throw new IllegalArgumentException("capacity out of range: " + capacity);
        }
        this.sublist = sublist;
        this.capacity = capacity;
        int tableSize = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.mask = tableSize - 1;
        this.keys = new byte[tableSize][];
        this.hashes = new int[tableSize];
        this.results = new SublistResult[tableSize];
        this.genId = sublist.genId();
    }

    /** The subscriptions matching the subject in {@code buf[off, off + len)}. */
    public SublistResult match(byte[] buf, int off, int len) {
        long g = sublist.genId();
        if (g != genId) {
            clear();
            genId = g;
        }
        int h = hash(buf, off, len);
        int i = h & mask;
        for (byte[] k = keys[i]; k != null; k = keys[i]) {
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, buf, off, off + len)) {
                return results[i];
            }
            i = (i + 1) & mask;
        }
        SublistResult r = sublist.match(Subjects.decode(buf, off, len));
        if (size == capacity) {
            evictOne();
            i = h & mask; // eviction may have shifted entries: find the first free slot again
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
        }
        keys[i] = Arrays.copyOfRange(buf, off, off + len);
        hashes[i] = h;
        results[i] = r;
        size++;
        return r;
    }

    /** Number of cached subjects. */
    public int size() {
        return size;
    }

    /** Drops every entry (also done automatically when the sublist changes). */
    public void clear() {
        if (size > 0) {
            Arrays.fill(keys, null);
            Arrays.fill(results, null);
            size = 0;
        }
    }

    /** Entries a lookup can find from their home slot; equals size() unless probing is broken. Tests only. */
    int reachableEntries() {
        int found = 0;
        for (int slot = 0; slot <= mask; slot++) {
            if (keys[slot] == null) {
                continue;
            }
            for (int i = hashes[slot] & mask; keys[i] != null; i = (i + 1) & mask) {
                if (i == slot) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    private void evictOne() {
        int i = evictCursor;
        while (keys[i] == null) {
            i = (i + 1) & mask;
        }
        evictCursor = (i + 1) & mask;
        removeAt(i);
    }

    /**
     * Deletes slot i and shifts later entries of the same probe run back into the hole, so
     * lookups never need tombstones (Knuth's deletion for linear probing).
     */
    private void removeAt(int hole) {
        int j = hole;
        for (;;) {
            j = (j + 1) & mask;
            if (keys[j] == null) {
                break;
            }
            int home = hashes[j] & mask;
            // the entry at j may fill the hole only if its home slot is not cyclically in (hole, j]
            boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeBetween) {
                keys[hole] = keys[j];
                hashes[hole] = hashes[j];
                results[hole] = results[j];
                hole = j;
            }
        }
        keys[hole] = null;
        results[hole] = null;
        size--;
    }

    /** FNV-1a over the bytes, then a finalizer mix so the low bits used for the slot are well spread. */
    private static int hash(byte[] buf, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off, end = off + len; i < end; i++) {
            h = (h ^ buf[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
