package io.jnatsd.auth;

import io.jnatsd.sublist.MatchCache;
import io.jnatsd.sublist.Sublist;
import io.jnatsd.sublist.SublistResult;
import io.jnatsd.sublist.Subscription;

import java.util.List;

/**
 * A connected client's permissions compiled into subject indexes, so a check is a cached
 * match. Publish checks use per-connection caches and run on the connection's event loop
 * only; {@link #deniedDelivery} may run on any thread.
 */
public final class ClientPermissions {
    private static final int CACHE_SIZE = 256;

    private final Sublist pubAllow;
    private final Sublist pubDeny;
    private final Sublist subAllow;
    private final Sublist subDeny;
    private final MatchCache pubAllowCache;
    private final MatchCache pubDenyCache;

    private ClientPermissions(Permissions p) {
        pubAllow = index(p.publish().allow());
        pubDeny = index(p.publish().deny());
        subAllow = index(p.subscribe().allow());
        subDeny = index(p.subscribe().deny());
        pubAllowCache = pubAllow == null ? null : new MatchCache(pubAllow, CACHE_SIZE);
        pubDenyCache = pubDeny == null ? null : new MatchCache(pubDeny, CACHE_SIZE);
    }

    /** Null when there is nothing to check. */
    public static ClientPermissions of(Permissions p) {
        return p == null || p.isEmpty() ? null : new ClientPermissions(p);
    }

    private static Sublist index(List<String> subjects) {
        if (subjects.isEmpty()) {
            return null;
        }
        Sublist sl = new Sublist();
        for (String s : subjects) {
            // "subject queue" entries name a queue group; the subject part is what is indexed
            int sp = s.indexOf(' ');
            String subject = sp < 0 ? s : s.substring(0, sp).trim();
            String queue = sp < 0 ? null : s.substring(sp + 1).trim();
            sl.insert(new Subscription(subject, queue));
        }
        return sl;
    }

    /** Event loop only. */
    public boolean canPublish(byte[] buf, int off, int len) {
        if (pubAllowCache != null && isEmpty(pubAllowCache.match(buf, off, len))) {
            return false;
        }
        return pubDenyCache == null || isEmpty(pubDenyCache.match(buf, off, len));
    }

    /** Publish check by String, for reply subjects and tests. */
    public boolean canPublish(String subject) {
        if (pubAllow != null && isEmpty(pubAllow.match(subject))) {
            return false;
        }
        return pubDeny == null || isEmpty(pubDeny.match(subject));
    }

    public boolean canSubscribe(String subject, String queue) {
        boolean allowed = true;
        if (subAllow != null) {
            SublistResult r = subAllow.match(subject);
            allowed = r.psubs.length > 0;
            if (queue != null && r.qsubs.length > 0) {
                allowed = queueMatches(queue, r);
            }
        }
        if (allowed && subDeny != null) {
            SublistResult r = subDeny.match(subject);
            allowed = r.psubs.length == 0;
            if (queue != null && r.qsubs.length > 0) {
                allowed = !queueMatches(queue, r);
            }
        }
        return allowed;
    }

    /** True when a message on this subject must not reach a wildcard subscription. Any thread. */
    public boolean deniedDelivery(String subject) {
        return subDeny != null && subDeny.match(subject).psubs.length > 0;
    }

    public boolean hasSubscribeDeny() {
        return subDeny != null;
    }

    private static boolean queueMatches(String queue, SublistResult r) {
        for (Subscription[] group : r.qsubs) {
            if (group.length > 0 && group[0].queue.equals(queue)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(SublistResult r) {
        return r.psubs.length == 0 && r.qsubs.length == 0;
    }
}
