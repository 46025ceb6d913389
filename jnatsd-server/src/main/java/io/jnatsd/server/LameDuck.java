package io.jnatsd.server;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.protocol.CloseReason;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lame duck mode, as nats-server's {@code lameDuckMode}: stop accepting clients, tell the
 * connected ones (async INFO with "ldm":true) so they can move to another server of the
 * cluster, wait the grace period, close them one by one spread over the rest of
 * lame_duck_duration (at most one second apart), then close the server.
 *
 * <p>Threading: {@link #enter} may be called from any thread, any number of times; the work
 * runs once, on its own thread, and stops early if the server is closed meanwhile.
 */
final class LameDuck {

    /** nats-server waits at most this long between two client closes. */
    private static final long MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final NatsServer server;
    private final AtomicBoolean entered = new AtomicBoolean();

    LameDuck(NatsServer server) {
        this.server = server;
    }

    boolean entered() {
        return entered.get();
    }

    void enter() {
        if (!server.isRunning() || !entered.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "jnatsd-lame-duck");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        Log log = server.log();
        try {
            log.notice("Entering lame duck mode, stop accepting new clients");
            server.stopAccepting();
            List<ClientConnection> clients = List.copyOf(server.connections());
            if (clients.isEmpty()) {
                server.close();
                return;
            }
            ServerOptions o = server.options();
            long grace = Math.abs(o.lameDuckGracePeriod().toNanos());
            long spread = o.lameDuckDuration().toNanos() - grace;
            if (spread <= 0) {
                spread = TimeUnit.SECONDS.toNanos(1);
            }
            int n = clients.size();
            long interval = spread / n;
            int batch = 1;
            if (interval < 1) {
                // more clients than nanoseconds: close several per (tiny) wait
                interval = 1;
                batch = (int) (n / spread);
            } else if (interval > MAX_INTERVAL_NANOS) {
                interval = MAX_INTERVAL_NANOS;
            }
            for (ClientConnection c : clients) {
                c.sendLameDuckInfo();
            }
            // the grace period lets several servers enter lame duck mode before clients move
            if (waitOrClosed(grace)) {
                return;
            }
            log.notice("Closing existing clients");
            for (int i = 0; i < n; i++) {
                clients.get(i).close(CloseReason.SERVER_SHUTDOWN);
                if (i == n - 1) {
                    break;
                }
                if (batch == 1 || i % batch == 0) {
                    long wait = ThreadLocalRandom.current().nextLong(interval);
                    if (wait < interval / 2) {
                        wait = interval / 2;
                    }
                    if (waitOrClosed(wait)) {
                        return;
                    }
                }
            }
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        } catch (RuntimeException e) {
            log.error("lame duck mode failed, shutting down: " + e);
            server.close();
        }
    }

    /** Waits {@code nanos}; true when the server was closed meanwhile (stop the lame duck work). */
    private boolean waitOrClosed(long nanos) throws InterruptedException {
        return server.awaitShutdown(nanos, TimeUnit.NANOSECONDS);
    }
}
