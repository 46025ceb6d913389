package io.jnatsd.log;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Syslog messages, formatted on the caller's thread (so the timestamp is the caller's) and sent
 * by one daemon thread, so that no caller ever waits on the network or holds a lock during I/O.
 *
 * <p>Delivery follows Go's log/syslog: on a send error, reconnect once and resend. If that fails
 * too the message is dropped, later messages are dropped without trying for
 * {@link #RETRY_INTERVAL}, and the trouble is reported once on stderr; a second line says when
 * delivery resumes. A full queue (the daemon is slower than us) drops messages the same way.
 */
final class SyslogSink implements LogSink {

    static final int QUEUE_CAPACITY = 8192;
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** Tells the sender to stop; compared by identity. */
    private static final byte[] STOP = new byte[0];

    private final SyslogFormatter formatter;
    private final SyslogConnector connector;
    private final LogSink stderr;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** True from a reported failure until delivery resumes: one report per outage. */
    private final AtomicBoolean troubled = new AtomicBoolean();
    private final Object progress = new Object();
    private final Thread sender;
    private volatile boolean closed;

    /** Written by the sender; read by close() to unblock a stuck send. */
    private volatile SyslogTransport transport;
    // Sender thread only.
    private long nextAttemptNanos = System.nanoTime();
    // Guarded by progress.
    private long finished;

    private SyslogSink(SyslogFormatter formatter, SyslogConnector connector,
                       SyslogTransport connected, LogSink stderr) {
        this.formatter = formatter;
        this.connector = connector;
        this.stderr = stderr;
        this.transport = connected;
        this.sender = new Thread(this::run, "jnatsd-syslog");
        this.sender.setDaemon(true);
    }

    /**
     * @param connected a transport already connected by the caller, or null to connect on the
     *                  first message
     * @param stderr    where delivery trouble is reported
     */
    static SyslogSink start(SyslogFormatter formatter, SyslogConnector connector,
                            SyslogTransport connected, LogSink stderr) {
        SyslogSink sink = new SyslogSink(formatter, connector, connected, stderr);
        sink.sender.start();
        return sink;
    }

    @Override
    public void write(Level level, String message) {
        if (closed) {
            return;
        }
        byte[] bytes = formatter.format(level, message);
        if (queue.offer(bytes)) {
            accepted.incrementAndGet();
        } else {
            dropped.incrementAndGet();
            reportTrouble("Syslog " + connector + " is not keeping up (" + QUEUE_CAPACITY
                    + " messages queued), messages are dropped until it catches up");
        }
    }

    /** Waits until everything accepted so far was sent or dropped; used before a fatal exit. */
    @Override
    public void flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (finished < target && sender.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends what is queued (bounded by {@link #CLOSE_TIMEOUT}), then closes the socket. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean stopQueued = queue.offer(STOP);
        try {
            sender.join(stopQueued ? CLOSE_TIMEOUT.toMillis() : 1);
            if (sender.isAlive()) {
                // Stuck on a stalled daemon: closing the socket unblocks the send.
                closeTransport();
                sender.interrupt();
                sender.join(CLOSE_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeTransport();
            connector.close();
        }
    }

    /** Messages dropped so far, because the daemon was unreachable or too slow. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            while (true) {
                byte[] message = queue.take();
                if (message == STOP) {
                    return;
                }
                deliver(message);
                synchronized (progress) {
                    finished++;
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting for a stalled daemon
        } finally {
            closeTransport();
        }
    }

    private void deliver(byte[] message) {
        SyslogTransport current = transport;
        if (current != null) {
            try {
                current.send(message);
                delivered();
                return;
            } catch (IOException | RuntimeException e) {
                // Like Go: drop the socket, reconnect and resend once.
                closeTransport();
            }
        }
        if (System.nanoTime() - nextAttemptNanos < 0) {
            dropped.incrementAndGet();
            return;
        }
        try {
            current = connector.connect();
            transport = current;
            if (closed && Thread.currentThread().isInterrupted()) {
                // close() has given up on us and can no longer close this socket: do it here.
                closeTransport();
                return;
            }
            current.send(message);
            delivered();
        } catch (IOException | RuntimeException e) {
            closeTransport();
            dropped.incrementAndGet();
            nextAttemptNanos = System.nanoTime() + RETRY_INTERVAL.toNanos();
            reportTrouble("Unable to send to syslog " + connector + ": " + e.getMessage()
                    + "; messages are dropped until it is reachable");
        }
    }

    private void delivered() {
        if (troubled.get() && queue.isEmpty() && troubled.compareAndSet(true, false)) {
            stderr.write(Level.NOTICE, "Syslog " + connector + " delivery resumed, "
                    + dropped.get() + " messages dropped in all");
        }
    }

    private void reportTrouble(String message) {
        if (troubled.compareAndSet(false, true)) {
            stderr.write(Level.ERROR, message);
        }
    }

    private void closeTransport() {
        SyslogTransport current = transport;
        if (current != null) {
            transport = null;
            current.close();
        }
    }
}
