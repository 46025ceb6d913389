package io.jnatsd.server;

import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The ping side of one connection, client or route (nats-server's ping timer): every ping
 * interval a PING goes out, unless the peer showed it is alive within that interval; a PONG
 * clears the count and gives the round trip; one PING more than ping_max unanswered means the
 * peer is stale. The interval and the maximum are read at every tick, so a reload changes them.
 * Event loop only, except {@link #rttNanos}.
 */
public final class KeepAlive {

    /** What the connection does for its keep-alive. Called on its event loop. */
    public interface Peer {
        /** Queue and write a PING. */
        void sendPing();

        /** ping_max PINGs went unanswered: close as a stale connection. */
        void stale();

        /**
         * Whether the peer showed life in the last {@code intervalNanos}, so no PING is needed
         * this time (asked only once a round trip is known).
         */
        boolean aliveWithin(long nowNanos, long intervalNanos);
    }

    private final EventLoop loop;
    private final LongSupplier intervalNanos;
    private final IntSupplier pingMax;
    private final Peer peer;
    private final Runnable tick = this::tick;
    private ScheduledFuture<?> timer;
    private boolean stopped;
    private int pingsOut;
    private long pingSentNanos;
    /** Round trip of the last answered PING (or of the CONNECT), 0 until known. */
    private volatile long rttNanos;

    public KeepAlive(EventLoop loop, LongSupplier intervalNanos, IntSupplier pingMax, Peer peer) {
        this.loop = loop;
        this.intervalNanos = intervalNanos;
        this.pingMax = pingMax;
        this.peer = peer;
    }

    /** (Re)arms the timer: the next tick in {@code delayNanos}. */
    public void schedule(long delayNanos) {
        if (stopped) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timer = loop.schedule(tick, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The connection closed: no more ticks. */
    public void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** A PONG arrived: every PING is answered. */
    public void pongReceived() {
        pingsOut = 0;
        if (pingSentNanos != 0) {
            rttNanos = System.nanoTime() - pingSentNanos;
        }
    }

    /** A round trip measured otherwise (a client's INFO to CONNECT). */
    public void rttMeasured(long nanos) {
        rttNanos = nanos;
    }

    /** Any thread (monitoring). */
    public long rttNanos() {
        return rttNanos;
    }

    private void tick() {
        timer = null;
        if (stopped) {
            return;
        }
        long interval = intervalNanos.getAsLong();
        long now = System.nanoTime();
        if (rttNanos == 0 || !peer.aliveWithin(now, interval)) {
            if (pingsOut + 1 > pingMax.getAsInt()) {
                peer.stale();
                return;
            }
            pingsOut++;
            pingSentNanos = now;
            peer.sendPing();
        }
        if (!stopped) {
            timer = loop.schedule(tick, interval, TimeUnit.NANOSECONDS);
        }
    }
}
