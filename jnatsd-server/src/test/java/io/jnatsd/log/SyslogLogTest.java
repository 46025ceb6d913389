package io.jnatsd.log;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Syslog delivery to listeners the tests open, with the exact bytes nats-server 2.9.10 sent to
 * such listeners (see {@link SyslogFormatterTest}) and the failure behaviour jnatsd adds.
 */
class SyslogLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00.5Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final CapturedStream stderr = new CapturedStream();

    private LogEnvironment env() {
        return LogEnvironment.system().withClock(CLOCK).withPid(4242).withHostname("vm")
                .withStderr(stderr.stream);
    }

    private ServerLog remote(String url) {
        return ServerLog.create(LogSettings.DEFAULTS.withRemoteSyslog(url).withDebug(true).withTrace(true), env());
    }

    private static void logEachLevel(Log log) {
        log.notice("Starting nats-server");
        log.warn("Maximum payloads over 8.00 MB are generally discouraged");
        log.error("Client parser ERROR");
        log.debug("  Go build: go1.19.8");
        log.trace("<<- [PING]");
        log.fatal("Error listening on port");
    }

    private static final List<String> REMOTE_EXPECTED = List.of(
            "<5>2026-11-26T12:00:00Z vm jnatsd[4242]: Starting nats-server\n",
            "<4>2026-11-26T12:00:00Z vm jnatsd[4242]: Maximum payloads over 8.00 MB are generally discouraged\n",
            "<3>2026-11-26T12:00:00Z vm jnatsd[4242]: Client parser ERROR\n",
            "<7>2026-11-26T12:00:00Z vm jnatsd[4242]:   Go build: go1.19.8\n",
            "<5>2026-11-26T12:00:00Z vm jnatsd[4242]: <<- [PING]\n",
            "<2>2026-11-26T12:00:00Z vm jnatsd[4242]: Error listening on port\n");

    @Test
    void remoteUdpSendsOneDatagramPerMessageWithKernFacility() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.udp()) {
            ServerLog log = remote(receiver.url());
            logEachLevel(log);
            assertEquals(REMOTE_EXPECTED, receiver.await(6, WAIT));
            log.close();
        }
        assertEquals("", stderr.text());
    }

    @Test
    void remoteTcpSendsNewlineTerminatedMessagesWithoutFraming() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.tcp()) {
            ServerLog log = remote(receiver.url());
            logEachLevel(log);
            assertEquals(REMOTE_EXPECTED, receiver.await(6, WAIT));
            log.close();
        }
        assertEquals("", stderr.text());
    }

    @Test
    void remoteUnixStreamUsesTheShortLocalFormat() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (SyslogReceiver receiver = SyslogReceiver.unixStream(socket)) {
            ServerLog log = remote("unix://" + socket);
            log.notice("Starting nats-server");
            log.debug("  Go build: go1.19.8");
            assertEquals(List.of("<5>Nov 26 12:00:00 jnatsd[4242]: Starting nats-server\n",
                    "<7>Nov 26 12:00:00 jnatsd[4242]:   Go build: go1.19.8\n"), receiver.await(2, WAIT));
            log.close();
        }
    }

    @Test
    void remoteUnixFallsBackToADatagramSocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "needs Netty's native epoll transport");
        Path socket = dir.resolve("g.sock");
        try (SyslogReceiver receiver = SyslogReceiver.unixDatagram(socket)) {
            ServerLog log = remote("unix://" + socket);
            log.warn("careful");
            assertEquals(List.of("<4>Nov 26 12:00:00 jnatsd[4242]: careful\n"), receiver.await(1, WAIT));
            log.close();
        }
        assertEquals("", stderr.text());
    }

    @Test
    void localSyslogUsesTheFirstSocketThatExistsWithDaemonFacility() throws Exception {
        assumeTrue(Epoll.isAvailable(), "needs Netty's native epoll transport");
        Path socket = dir.resolve("log");
        try (SyslogReceiver receiver = SyslogReceiver.unixDatagram(socket)) {
            ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withSyslog(true).withDebug(true).withTrace(true),
                    env().withLocalSyslogPaths(List.of(dir.resolve("missing"), socket)));
            logEachLevel(log);
            assertEquals(List.of(
                    "<29>Nov 26 12:00:00 jnatsd[4242]: Starting nats-server\n",
                    "<28>Nov 26 12:00:00 jnatsd[4242]: Maximum payloads over 8.00 MB are generally discouraged\n",
                    "<27>Nov 26 12:00:00 jnatsd[4242]: Client parser ERROR\n",
                    "<31>Nov 26 12:00:00 jnatsd[4242]:   Go build: go1.19.8\n",
                    "<29>Nov 26 12:00:00 jnatsd[4242]: <<- [PING]\n",
                    "<26>Nov 26 12:00:00 jnatsd[4242]: Error listening on port\n"), receiver.await(6, WAIT));
            log.close();
        }
        assertEquals("", stderr.text());
    }

    @Test
    void localSyslogAcceptsAStreamSocketToo() throws Exception {
        Path socket = dir.resolve("log");
        try (SyslogReceiver receiver = SyslogReceiver.unixStream(socket)) {
            ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withSyslog(true),
                    env().withLocalSyslogPaths(List.of(socket)));
            log.notice("hello");
            assertEquals(List.of("<29>Nov 26 12:00:00 jnatsd[4242]: hello\n"), receiver.await(1, WAIT));
            log.close();
        }
    }

    @Test
    void withoutALocalSyslogSocketLogsToStderrAndWarnsOnce() {
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withSyslog(true).withLogtime(false),
                env().withLocalSyslogPaths(List.of(dir.resolve("dev-log"), dir.resolve("run-syslog"))));
        log.notice("Starting nats-server");
        log.close();
        List<String> lines = stderr.lines();
        assertEquals(2, lines.size(), stderr.text());
        assertTrue(lines.get(0).startsWith("[4242] [WRN] Unable to connect to local syslog ("
                + dir.resolve("dev-log") + ", " + dir.resolve("run-syslog") + "): "), lines.get(0));
        assertTrue(lines.get(0).endsWith("; logging to stderr"), lines.get(0));
        assertEquals("[4242] [INF] Starting nats-server", lines.get(1));
    }

    @Test
    void remoteSyslogTakesPrecedenceOverLocalAndAFileOverBoth() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.udp()) {
            ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withSyslog(true).withRemoteSyslog(receiver.url()),
                    env().withLocalSyslogPaths(List.of()));
            log.notice("to remote");
            assertEquals(List.of("<5>2026-11-26T12:00:00Z vm jnatsd[4242]: to remote\n"), receiver.await(1, WAIT));
            log.close();

            Path file = dir.resolve("nats.log");
            ServerLog fileLog = ServerLog.create(LogSettings.DEFAULTS.withSyslog(true)
                    .withRemoteSyslog(receiver.url()).withLogFile(file).withLogtime(false), env());
            fileLog.notice("to file");
            fileLog.close();
            assertEquals("[4242] [INF] to file\n", java.nio.file.Files.readString(file));
        }
    }

    @Test
    void anInvalidRemoteSyslogUrlFailsCreation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> remote("localhost:514"));
        assertTrue(e.getMessage().contains("invalid network type \"localhost\""), e.getMessage());
    }

    @Test
    void anUnreachableTcpSyslogNeverThrowsAndIsReportedOnceOnStderr() throws Exception {
        int port = SyslogReceiver.freePort();
        ServerLog log = remote("tcp://127.0.0.1:" + port);
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            log.notice("message " + i);
        }
        // Callers only enqueue: a thousand calls cost no network time.
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
        log.fatal("flushes before returning");
        log.close();
        assertEquals(1, stderr.count("Unable to send to syslog tcp://127.0.0.1:" + port + ": "), stderr.text());
        assertTrue(stderr.text().contains("; messages are dropped until it is reachable"), stderr.text());
        assertEquals(1, stderr.lines().size(), stderr.text());
    }

    @Test
    void deliveryResumesWhenTheDaemonComesBackAndThatIsReported() throws Exception {
        int port = SyslogReceiver.freePort();
        ServerLog log = remote("tcp://127.0.0.1:" + port);
        log.notice("lost");
        stderr.awaitContains("Unable to send to syslog", WAIT);
        try (SyslogReceiver receiver = SyslogReceiver.tcp(port)) {
            // Reconnects are tried at most once a second; keep logging until one gets through.
            long deadline = System.nanoTime() + WAIT.toNanos();
            String got = null;
            for (int i = 0; got == null && System.nanoTime() < deadline; i++) {
                log.notice("retry " + i);
                got = receiver.received.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertTrue(got != null && got.startsWith("<5>2026-11-26T12:00:00Z vm jnatsd[4242]: retry "), got);
            stderr.awaitContains("delivery resumed", WAIT);
            log.close();
        }
        assertEquals(1, stderr.count("Unable to send to syslog"), stderr.text());
    }

    @Test
    void aDaemonThatDiesMidwayIsReportedAndLoggingCarriesOn() throws Exception {
        Path socket = dir.resolve("s.sock");
        ServerLog log;
        try (SyslogReceiver receiver = SyslogReceiver.unixStream(socket)) {
            log = remote("unix://" + socket);
            log.notice("before");
            assertEquals(1, receiver.await(1, WAIT).size());
        }
        // The daemon is gone; keep logging (bounded) until the failure is noticed and reported.
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; !stderr.text().contains("Unable to send") && System.nanoTime() < deadline; i++) {
            log.notice("after " + i);
            log.fatal("flush");
        }
        log.close();
        assertEquals(1, stderr.count("Unable to send to syslog unix://" + socket), stderr.text());
    }

    @Test
    void anUnreachableUdpSyslogNeverThrows() throws Exception {
        int port = SyslogReceiver.freePort();
        ServerLog log = remote("udp://127.0.0.1:" + port);
        for (int i = 0; i < 100; i++) {
            log.error("nobody listens " + i);
        }
        log.fatal("flush");
        log.close();
        assertFalse(stderr.text().contains("Exception"), stderr.text());
    }

    @Test
    void closeSendsWhatIsQueuedFirst() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.tcp()) {
            ServerLog log = remote(receiver.url());
            for (int i = 0; i < 500; i++) {
                log.notice("m" + i);
            }
            log.close();
            List<String> got = receiver.await(500, WAIT);
            assertEquals("<5>2026-11-26T12:00:00Z vm jnatsd[4242]: m499\n", got.get(499));
        }
    }
}
