package io.jnatsd.monitor;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.ToLongFunction;

/**
 * The {@code sort} values of {@code /connz}, with nats-server's names and directions: cid and
 * start ascending, uptime and reason ascending (as nats-server 2.9 sorts them), every other key
 * descending. Ties are broken by cid so pages are stable.
 */
public enum ConnzSort {
    CID("cid"),
    START("start"),
    SUBS("subs"),
    PENDING("pending"),
    MSGS_TO("msgs_to"),
    MSGS_FROM("msgs_from"),
    BYTES_TO("bytes_to"),
    BYTES_FROM("bytes_from"),
    LAST("last"),
    IDLE("idle"),
    UPTIME("uptime"),
    STOP("stop"),
    REASON("reason");

    private static final Comparator<ConnInfo> BY_CID = Comparator.comparingLong(ConnInfo::cid);

    private final String key;

    ConnzSort(String key) {
        this.key = key;
    }

    /** The query value. */
    public String key() {
        return key;
    }

    /** The sort named {@code key}; the empty string means cid; null when unknown. */
    public static ConnzSort parse(String key) {
        if (key.isEmpty()) {
            return CID;
        }
        for (ConnzSort s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** True for the keys that only make sense for closed connections. */
    boolean closedOnly() {
        return this == STOP || this == REASON;
    }

    /** The order of this sort, with {@code now} as the end of open connections' uptime and idle time. */
    Comparator<ConnInfo> comparator(Instant now) {
        Comparator<ConnInfo> c = switch (this) {
            case CID, START -> BY_CID;
            case SUBS -> descending(ConnInfo::subscriptions);
            case PENDING -> descending(ConnInfo::pendingBytes);
            case MSGS_TO -> descending(ConnInfo::outMsgs);
            case MSGS_FROM -> descending(ConnInfo::inMsgs);
            case BYTES_TO -> descending(ConnInfo::outBytes);
            case BYTES_FROM -> descending(ConnInfo::inBytes);
            case LAST -> Comparator.comparing(ConnInfo::lastActivity).reversed();
            case IDLE -> Comparator.comparing((ConnInfo ci) -> ci.idleAt(now)).reversed();
            case UPTIME -> Comparator.comparing((ConnInfo ci) -> ci.uptimeAt(now));
            case STOP -> Comparator.comparing(ConnInfo::stop, Comparator.nullsLast(Comparator.reverseOrder()));
            case REASON -> Comparator.comparing((ConnInfo ci) -> ci.reason() == null ? "" : ci.reason());
        };
        return c == BY_CID ? c : c.thenComparing(BY_CID);
    }

    private static Comparator<ConnInfo> descending(ToLongFunction<ConnInfo> key) {
        return Comparator.comparingLong(key).reversed();
    }
}
