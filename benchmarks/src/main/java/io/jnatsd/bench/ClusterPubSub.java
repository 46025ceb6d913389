package io.jnatsd.bench;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.time.Duration;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Cluster pub/sub driver: one subscriber on node B, one publisher on node A, so every message
 * crosses the route between the two servers. Used by {@code scripts/cluster-bench.sh}; not a JMH
 * benchmark and not run by the build.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.jnatsd.bench.ClusterPubSub \
 *     --pub nats://127.0.0.1:4222 --sub nats://127.0.0.1:4223 --size 16 --msgs 2000000
 * </pre>
 *
 * <p>Steps: subscribe on B (pending limits off, so the client never drops silently), publish
 * probe messages on A until one arrives on B (the interest has crossed the route; bounded by
 * {@code --probe-timeout}), then publish {@code --msgs} messages of {@code --size} bytes as fast as
 * the client allows and flush. Each payload starts with its sequence number (8 bytes, big-endian;
 * probes carry -1); the subscriber counts distinct, duplicate and out-of-order sequences.
 * The run ends when every message has arrived, when nothing arrived for {@code --idle}, or at
 * {@code --timeout}.
 *
 * <p>{@code --window N} (default 0: none) bounds the messages in flight (published but not yet
 * received) to about N: without it a subscriber that reads slower than the publisher writes makes
 * the server buffer the difference, and nats-server cuts the subscriber off as a slow consumer once
 * 64 MB are pending. The publisher still goes as fast as the pipeline drains.
 *
 * <p>Prints one line {@code RESULT key=value ...}; exit status 0 when every
 * message arrived exactly once and in order, 2 otherwise, 1 on errors.
 */
public final class ClusterPubSub {

    private static final long PROBE = -1L;

    private String pubUrl;
    private String subUrl;
    private int size = 16;
    private int msgs = 1_000_000;
    private String subject;
    private Duration probeTimeout = Duration.ofSeconds(10);
    private Duration idle = Duration.ofSeconds(3);
    private Duration timeout = Duration.ofSeconds(60);
    private int window;
    private String name;

    // subscriber state: written by the dispatcher thread only, read after it has stopped
    // (the volatile 'received' and the latch give the happens-before edges)
    private BitSet seen;
    private long maxSeq = -1;
    private long duplicates;
    private long outOfOrder;
    private long firstRecvNanos;
    private volatile long lastRecvNanos;
    private volatile long received;   // distinct + duplicates, data messages only
    private long distinct;
    private final CountDownLatch probeArrived = new CountDownLatch(1);
    private final CountDownLatch allArrived = new CountDownLatch(1);

    private final AtomicLong slowConsumers = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private volatile String lastError = "";

    public static void main(String[] args) throws Exception {
        ClusterPubSub run = new ClusterPubSub();
        try {
            run.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ClusterPubSub: " + e.getMessage());
            System.err.println("usage: ClusterPubSub --pub URL --sub URL [--size BYTES] [--msgs N] [--subject S]"
                    + " [--probe-timeout SEC] [--idle SEC] [--timeout SEC] [--window N] [--name LABEL]");
            System.exit(1);
        }
        System.exit(run.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--pub" -> pubUrl = v;
                case "--sub" -> subUrl = v;
                case "--size" -> size = Integer.parseInt(v);
                case "--msgs" -> msgs = Integer.parseInt(v);
                case "--subject" -> subject = v;
                case "--probe-timeout" -> probeTimeout = seconds(v);
                case "--idle" -> idle = seconds(v);
                case "--timeout" -> timeout = seconds(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--name" -> name = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (pubUrl == null || subUrl == null) {
            throw new IllegalArgumentException("--pub and --sub are required");
        }
        if (size < 8) {
            throw new IllegalArgumentException("--size must be >= 8 (the sequence number)");
        }
        if (msgs < 1) {
            throw new IllegalArgumentException("--msgs must be >= 1");
        }
        if (subject == null) {
            subject = "cluster.bench." + Long.toHexString(System.nanoTime());
        }
        if (name == null) {
            name = "cluster" + size;
        }
    }

    private static Duration seconds(String v) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    private Options options(String url, String connName) {
        return new Options.Builder()
                .server(url)
                .connectionName(connName)
                .noReconnect()                                  // a lost connection is a failed run
                .connectionTimeout(Duration.ofSeconds(5))
                .maxMessagesInOutgoingQueue(1 << 16)            // publish blocks when full; never discards
                .writeQueuePushTimeout(Duration.ofSeconds(30))
                .bufferSize(256 * 1024)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.incrementAndGet();
                        lastError = connName + ": " + error;
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        errors.incrementAndGet();
                        lastError = connName + ": " + exp;
                    }

                    @Override
                    public void slowConsumerDetected(Connection conn, Consumer consumer) {
                        slowConsumers.incrementAndGet();
                    }

                    @Override
                    public void messageDiscarded(Connection conn, Message msg) {
                        discarded.incrementAndGet();
                    }
                })
                .build();
    }

    private void onMessage(Message m) {
        byte[] d = m.getData();
        if (d == null || d.length < 8) {
            return;
        }
        long seq = ((long) (d[0] & 0xff) << 56) | ((long) (d[1] & 0xff) << 48) | ((long) (d[2] & 0xff) << 40)
                | ((long) (d[3] & 0xff) << 32) | ((long) (d[4] & 0xff) << 24) | ((d[5] & 0xff) << 16)
                | ((d[6] & 0xff) << 8) | (d[7] & 0xff);
        if (seq == PROBE) {
            probeArrived.countDown();
            return;
        }
        long now = System.nanoTime();
        if (seq < 0 || seq >= msgs) {
            errors.incrementAndGet();
            lastError = "sequence out of range: " + seq;
            return;
        }
        int s = (int) seq;
        if (distinct + duplicates == 0) {
            firstRecvNanos = now;
        }
        if (seen.get(s)) {
            duplicates++;
        } else {
            seen.set(s);
            distinct++;
            if (seq < maxSeq) {
                outOfOrder++;
            }
        }
        if (seq > maxSeq) {
            maxSeq = seq;
        }
        lastRecvNanos = now;
        received = distinct + duplicates;
        if (distinct == msgs) {
            allArrived.countDown();
        }
    }

    private static byte[] payload(int size, long seq) {
        byte[] d = new byte[size];
        for (int i = 7; i >= 0; i--) {
            d[i] = (byte) seq;
            seq >>>= 8;
        }
        return d;
    }

    private int run() throws Exception {
        seen = new BitSet(msgs);
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection sub = Nats.connect(options(subUrl, "cluster-bench-sub"));
        Connection pub = Nats.connect(options(pubUrl, "cluster-bench-pub"));
        try {
            Dispatcher dispatcher = sub.createDispatcher(this::onMessage);
            dispatcher.setPendingLimits(0, 0);                  // 0 = no limit: no silent client-side drops
            dispatcher.subscribe(subject);
            sub.flush(Duration.ofSeconds(5));                   // node B has the subscription

            // Wait until the interest has crossed the route: probes from A until one reaches B.
            long probeStart = System.nanoTime();
            long probeDeadline = probeStart + probeTimeout.toNanos();
            byte[] probe = payload(size, PROBE);
            int probes = 0;
            while (!probeArrived.await(0, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > probeDeadline) {
                    System.out.printf(Locale.ROOT, "RESULT name=%s status=fail err=no_route_interest_after_%dms probes=%d%n",
                            name, probeTimeout.toMillis(), probes);
                    return 1;
                }
                pub.publish(subject, probe);
                pub.flush(Duration.ofSeconds(5));
                probes++;
                probeArrived.await(20, TimeUnit.MILLISECONDS);
            }
            double probeMs = (System.nanoTime() - probeStart) / 1e6;

            // The measured run.
            long t0 = System.nanoTime();
            long windowWaits = 0;
            for (int i = 0; i < msgs; i++) {
                if (window > 0 && (i & 255) == 0 && i - received > window) {
                    windowWaits++;
                    while (i - received > window / 2) {
                        if (System.nanoTime() > deadline || sub.getStatus() != Connection.Status.CONNECTED) {
                            break;
                        }
                        LockSupport.parkNanos(20_000);
                    }
                }
                pub.publish(subject, payload(size, i));
            }
            pub.flush(Duration.ofSeconds(Math.max(5, timeout.toSeconds())));
            long tPub = System.nanoTime();

            // Wait for the subscriber: all messages, or no progress for 'idle', or the deadline.
            long lastCount = -1;
            long lastProgress = System.nanoTime();
            while (!allArrived.await(50, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                long c = received;
                if (c != lastCount) {
                    lastCount = c;
                    lastProgress = now;
                } else if (now - lastProgress > idle.toNanos()) {
                    break;
                }
                if (now > deadline) {
                    break;
                }
            }
            // stop the dispatcher before reading its counters
            Connection.Status subStatus = sub.getStatus();
            Connection.Status pubStatus = pub.getStatus();
            if (subStatus != Connection.Status.CONNECTED || pubStatus != Connection.Status.CONNECTED) {
                errors.incrementAndGet();
                lastError = "connection lost (sub " + subStatus + ", pub " + pubStatus + ")"
                        + (lastError.isEmpty() ? "" : "; " + lastError);
            } else {
                sub.closeDispatcher(dispatcher);
            }
            // reading the volatile count first makes the counters written before it visible
            long got = received;
            long dist = distinct;
            long dups = duplicates;
            long ooo = outOfOrder;
            long lost = msgs - dist;
            double pubSec = (tPub - t0) / 1e9;
            double recvSec = ((dist + dups) > 0 ? lastRecvNanos - t0 : 0) / 1e9;
            double firstMs = (dist + dups) > 0 ? (firstRecvNanos - t0) / 1e6 : -1;
            boolean ok = lost == 0 && dups == 0 && ooo == 0 && slowConsumers.get() == 0 && errors.get() == 0;
            System.out.printf(Locale.ROOT,
                    "RESULT name=%s status=%s size=%d msgs=%d pub_rate=%.0f recv_rate=%.0f pub_s=%.3f recv_s=%.3f"
                            + " first_ms=%.1f received=%d lost=%d dups=%d ooo=%d slow=%d dropped=%d discarded=%d"
                            + " errors=%d probes=%d probe_ms=%.1f window=%d window_waits=%d cli_cpu_s=%.3f%s%n",
                    name, ok ? "ok" : "bad", size, msgs, msgs / pubSec, recvSec > 0 ? got / recvSec : 0.0,
                    pubSec, recvSec, firstMs, got, lost, dups, ooo, slowConsumers.get(),
                    dispatcher.getDroppedCount(), discarded.get(), errors.get(), probes, probeMs, window, windowWaits,
                    processCpuSeconds(),
                    lastError.isEmpty() ? "" : " last_error=\"" + lastError.replace('"', '\'') + "\"");
            return ok ? 0 : 2;
        } finally {
            closeQuietly(pub);
            closeQuietly(sub);
        }
    }

    /** CPU time of this JVM so far (start-up included), or -1 when the JVM does not say. */
    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (Exception e) {
            // the result line is already out
        }
    }
}
