package io.jnatsd.sublist;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The subject index: a trie of subject tokens mapping published subjects to the subscriptions
 * whose (possibly wildcard) subjects match them, fronted by a bounded shared result cache.
 *
 * <p>Thread-safety: all methods may be called from any thread. A cache hit takes no lock and
 * allocates nothing. A miss walks the trie under the read lock, so matches never block each
 * other; insert and remove take the write lock and bring the cache up to date before releasing
 * it, so a match that starts after insert/remove returns sees the change.
 *
 * <p>Cache consistency: a miss stores its result while still holding the read lock, so no
 * insert/remove can slip between computing a result and publishing it. Insert adds the new
 * subscription to every cached result it matches (copy-on-write); remove drops every cached
 * result it matches. Entries are dropped arbitrarily down to half when the cache overflows.
 *
 * <p>{@link #genId()} changes after every change has been applied, so a per-connection cache
 * that read the id before asking this index (see {@link MatchCache}) can never keep a stale
 * result under the newer id.
 */
public final class Sublist {
    /** Shared result cache size; nats-server's slCacheMax. */
    public static final int DEFAULT_CACHE_MAX = 1024;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Node root = new Node();
    /** Published subject to its result; null when caching is disabled. */
    private final ConcurrentHashMap<String, SublistResult> cache;
    private final int cacheMax;
    /** Size the sweep trims to, nats-server's slCacheSweep (half of max). */
    private final int cacheSweepTo;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    private volatile long genId;
    private volatile int count;
    /** Guarded by the write lock; read under the read lock. */
    private long inserts;
    private long removes;
    private final LongAdder matches = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();

    /** An index with the default shared cache size. */
    public Sublist() {
        this(DEFAULT_CACHE_MAX);
    }

    /** An index whose shared cache holds about {@code cacheMax} results; 0 disables the cache. */
    public Sublist(int cacheMax) {
        if (cacheMax < 0) {
            throw new IllegalArgumentException("cacheMax < 0: " + cacheMax);
        }
        this.cacheMax = cacheMax;
        this.cacheSweepTo = cacheMax / 2;
        // default initial size on purpose: insert/remove iterate the table, so a small cache stays cheap
        this.cache = cacheMax == 0 ? null : new ConcurrentHashMap<>();
    }

    /**
     * Adds a subscription. Returns false, changing nothing, if its subject is invalid
     * (see {@link Subjects#isValidSubscribe(String)}) or this instance is already present.
     */
    public boolean insert(Subscription sub) {
        String subject = sub.subject;
        if (!Subjects.isValidSubscribe(subject)) {
            return false;
        }
        String[] tokens = Subjects.tokenize(subject);
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        try {
            Node n = root;
            for (String t : tokens) {
                n = n.childOrCreate(t);
            }
            if (!n.add(sub)) {
                return false; // already present, so the path existed: nothing was created
            }
            count++;
            inserts++;
            if (cache != null) {
                addToCache(subject, sub);
            }
            genId++; // last: whoever sees the new id sees the trie and cache above
            return true;
        } finally {
            w.unlock();
        }
    }

    /** Removes this exact instance. Returns false if it is not in the index. */
    public boolean remove(Subscription sub) {
        String subject = sub.subject;
        if (!Subjects.isValidSubscribe(subject)) {
            return false;
        }
        String[] tokens = Subjects.tokenize(subject);
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        try {
            if (!removeFromTrie(sub, tokens)) {
                return false;
            }
            if (cache != null) {
                removeFromCache(subject);
            }
            genId++;
            return true;
        } finally {
            w.unlock();
        }
    }

    /**
     * Removes many subscriptions at once (a connection closing): one lock, one cache flush and
     * one generation change instead of one per subscription. Returns how many were present.
     */
    public int removeAll(Collection<? extends Subscription> subs) {
        if (subs.isEmpty()) {
            return 0;
        }
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        try {
            int removed = 0;
            for (Subscription sub : subs) {
                String[] tokens = Subjects.isValidSubscribe(sub.subject) ? Subjects.tokenize(sub.subject) : null;
                if (tokens != null && removeFromTrie(sub, tokens)) {
                    removed++;
                }
            }
            if (removed > 0) {
                if (cache != null) {
                    cache.clear();
                }
                genId++;
            }
            return removed;
        } finally {
            w.unlock();
        }
    }

    /**
     * The subscriptions matching a literal subject. A subject with an empty token matches nothing.
     * The result is shared and immutable. A cache hit takes no lock and allocates nothing.
     */
    public SublistResult match(String subject) {
        matches.increment();
        if (cache != null) {
            SublistResult r = cache.get(subject);
            if (r != null) {
                cacheHits.increment();
                return r;
            }
        }
        String[] tokens = Subjects.tokenize(subject);
        if (tokens == null) {
            return SublistResult.EMPTY; // never cached: cannot match, and must not fill the cache
        }
        SublistResult result;
        int cached = 0;
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            ResultBuilder builder = new ResultBuilder();
            collect(root, tokens, 0, builder);
            result = builder.build();
            if (cache != null) {
                cache.put(subject, result); // under the read lock: see class comment
                cached = cache.size();
            }
        } finally {
            r.unlock();
        }
        if (cached > cacheMax) {
            sweep();
        }
        return result;
    }

    /** Changes after every successful insert and remove; a plain volatile read. */
    public long genId() {
        return genId;
    }

    /** Number of subscriptions in the index. */
    public int count() {
        return count;
    }

    /** Number of results in the shared cache. */
    public int cacheCount() {
        return cache == null ? 0 : cache.size();
    }

    /** A snapshot of every subscription, for monitoring. O(n): not for the message path. */
    public List<Subscription> all() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            List<Subscription> out = new ArrayList<>(count);
            root.forEachSubscription(out::add);
            return out;
        } finally {
            r.unlock();
        }
    }

    /** Counters as nats-server reports them; walks the cache (at most ~cacheMax entries). */
    public SublistStats stats() {
        int subs;
        long ins;
        long rem;
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            subs = count;
            ins = inserts;
            rem = removes;
        } finally {
            r.unlock();
        }
        // hits before matches: every hit counted has its match counted, so the rate stays <= 1
        long hits = cacheHits.sum();
        long m = matches.sum();
        int entries = 0;
        long tot = 0;
        int max = 0;
        if (cache != null) {
            for (SublistResult res : cache.values()) {
                entries++;
                int f = res.fanout();
                tot += f;
                max = Math.max(max, f);
            }
        }
        return new SublistStats(subs, entries, ins, rem, m,
                m > 0 ? (double) hits / m : 0,
                max,
                tot > 0 ? (double) tot / entries : 0);
    }

    /** Depth of the trie; tests use it to check that removal prunes. */
    int numLevels() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            return root.depth();
        } finally {
            r.unlock();
        }
    }

    /** Walks the trie for a literal subject; node n has consumed tokens [0, i). Read lock held. */
    private static void collect(Node n, String[] tokens, int i, ResultBuilder out) {
        for (; i < tokens.length; i++) {
            if (n.fwc != null) {
                out.add(n.fwc); // '>' takes tokens [i, end): one or more
            }
            if (n.pwc != null) {
                collect(n.pwc, tokens, i + 1, out);
            }
            n = n.literal(tokens[i]);
            if (n == null) {
                return;
            }
        }
        out.add(n);
    }

    /** Write lock held. Removes the subscription and unlinks the nodes it leaves empty, bottom-up. */
    private boolean removeFromTrie(Subscription sub, String[] tokens) {
        Node[] path = new Node[tokens.length + 1];
        path[0] = root;
        for (int i = 0; i < tokens.length; i++) {
            path[i + 1] = path[i].child(tokens[i]);
            if (path[i + 1] == null) {
                return false;
            }
        }
        if (!path[tokens.length].remove(sub)) {
            return false;
        }
        for (int i = tokens.length; i > 0 && path[i].isEmpty(); i--) {
            path[i - 1].removeChild(tokens[i - 1], path[i]);
        }
        count--;
        removes++;
        return true;
    }

    /** Write lock held, so no miss can store concurrently; the sweeper only removes. */
    private void addToCache(String subject, Subscription sub) {
        if (Subjects.isLiteral(subject)) {
            cache.computeIfPresent(subject, (k, r) -> r.with(sub));
            return;
        }
        for (String key : cache.keySet()) {
            if (Subjects.matches(subject, key)) {
                cache.computeIfPresent(key, (k, r) -> r.with(sub));
            }
        }
    }

    /** Write lock held. */
    private void removeFromCache(String subject) {
        if (Subjects.isLiteral(subject)) {
            cache.remove(subject);
        } else {
            cache.keySet().removeIf(key -> Subjects.matches(subject, key));
        }
    }

    /**
     * Trims the cache to half its maximum; one sweeper at a time, others keep going. Needs no
     * trie lock: dropping an entry can never make the cache stale.
     */
    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            Iterator<String> it = cache.keySet().iterator();
            while (it.hasNext() && cache.size() > cacheSweepTo) {
                it.next();
                it.remove();
            }
        } finally {
            sweeping.set(false);
        }
    }
}
