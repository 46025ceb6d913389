package io.jnatsd.log;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender queue: a daemon slower than the server costs callers nothing but dropped lines. */
class SyslogSinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    /** Blocks every send until released, like a TCP daemon that stopped reading. */
    private static final class StalledTransport implements SyslogTransport {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public void send(byte[] message) {
            sending.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.incrementAndGet();
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    @Test
    void aFullQueueDropsNewMessagesReportsOnceAndReportsTheRecovery() throws Exception {
        CapturedStream stderr = new CapturedStream();
        LogSink stderrSink = new StreamSink(stderr.stream, new LineFormatter(1, false, false, CLOCK));
        StalledTransport stalled = new StalledTransport();
        SyslogSink sink = SyslogSink.start(
                new SyslogFormatter(false, SyslogFormatter.FACILITY_KERN, "vm", "jnatsd", 1, CLOCK),
                SyslogConnector.remote(SyslogAddress.udp("127.0.0.1", 9)), stalled, stderrSink);

        sink.write(Level.NOTICE, "taken by the sender");
        assertTrue(stalled.sending.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < SyslogSink.QUEUE_CAPACITY + 5; i++) {
            sink.write(Level.NOTICE, "queued " + i);
        }
        assertEquals(5, sink.dropped());
        assertEquals(1, stderr.count("is not keeping up"), stderr.text());

        stalled.release.countDown();
        stderr.awaitContains("delivery resumed, 5 messages dropped in all", Duration.ofSeconds(10));
        sink.flush(Duration.ofSeconds(10));
        assertEquals(1 + SyslogSink.QUEUE_CAPACITY, stalled.sent.get());
        sink.close();
        assertEquals(2, stderr.lines().size(), stderr.text());
    }
}
