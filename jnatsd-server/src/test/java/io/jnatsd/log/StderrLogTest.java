package io.jnatsd.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text line format, checked against nats-server 2.9.10's stderr output. */
class StderrLogTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00.123456789Z");
    static final Clock UTC_CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final CapturedStream stderr = new CapturedStream();

    private LogEnvironment env() {
        return LogEnvironment.system().withClock(UTC_CLOCK).withPid(4242).withStderr(stderr.stream);
    }

    private ServerLog log(LogSettings settings) {
        return ServerLog.create(settings, env());
    }

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("notice", (BiConsumer<Log, String>) Log::notice, "INF"),
                Arguments.of("warn", (BiConsumer<Log, String>) Log::warn, "WRN"),
                Arguments.of("error", (BiConsumer<Log, String>) Log::error, "ERR"),
                Arguments.of("fatal", (BiConsumer<Log, String>) Log::fatal, "FTL"),
                Arguments.of("debug", (BiConsumer<Log, String>) Log::debug, "DBG"),
                Arguments.of("trace", (BiConsumer<Log, String>) Log::trace, "TRC"));
    }

    @ParameterizedTest(name = "{0} prints [{2}]")
    @MethodSource("levels")
    void eachLevelPrintsItsLabelAfterPidAndMicrosecondTime(String name, BiConsumer<Log, String> call, String label) {
        ServerLog log = log(LogSettings.DEFAULTS.withDebug(true).withTrace(true));
        call.accept(log, "Starting nats-server");
        assertEquals("[4242] 2026/11/26 12:00:00.123456 [" + label + "] Starting nats-server\n", stderr.text());
    }

    @ParameterizedTest(name = "{0} without time")
    @MethodSource("levels")
    void logtimeOffDropsTheTimestampOnly(String name, BiConsumer<Log, String> call, String label) {
        ServerLog log = log(LogSettings.DEFAULTS.withLogtime(false).withDebug(true).withTrace(true));
        call.accept(log, "  Version:  2.9.10");
        assertEquals("[4242] [" + label + "]   Version:  2.9.10\n", stderr.text());
    }

    @Test
    void timeIsLocalToTheClockZone() {
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS,
                env().withClock(Clock.fixed(NOW, ZoneId.of("Europe/Berlin"))));
        log.notice("x");
        assertEquals("[4242] 2026/11/26 13:00:00.123456 [INF] x\n", stderr.text());
    }

    @Test
    void debugAndTraceAreDroppedUnlessEnabled() {
        ServerLog log = log(LogSettings.DEFAULTS);
        log.debug("d");
        log.trace("t");
        assertFalse(log.isDebug());
        assertFalse(log.isTrace());
        assertEquals("", stderr.text());
    }

    @Test
    void debugDoesNotEnableTraceNorTraceDebug() {
        ServerLog debugOnly = log(LogSettings.DEFAULTS.withLogtime(false).withDebug(true));
        debugOnly.debug("d");
        debugOnly.trace("t");
        ServerLog traceOnly = log(LogSettings.DEFAULTS.withLogtime(false).withTrace(true));
        traceOnly.debug("d");
        traceOnly.trace("t");
        assertEquals(List.of("[4242] [DBG] d", "[4242] [TRC] t"), stderr.lines());
        assertTrue(debugOnly.isDebug() && !debugOnly.isTrace());
        assertTrue(traceOnly.isTrace() && !traceOnly.isDebug());
    }

    @Test
    void aMessageEndingInNewlineIsNotGivenAnother() {
        log(LogSettings.DEFAULTS.withLogtime(false)).notice("done\n");
        assertEquals("[4242] [INF] done\n", stderr.text());
    }

    @Test
    void nullMessagePrintsNullInsteadOfThrowing() {
        log(LogSettings.DEFAULTS.withLogtime(false)).warn(null);
        assertEquals("[4242] [WRN] null\n", stderr.text());
    }

    @Test
    void labelsAreColouredOnATerminalAsNatsServerDoes() {
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogtime(false).withDebug(true).withTrace(true),
                env().withStderrIsTerminal(true));
        log.notice("n");
        log.warn("w");
        log.error("e");
        log.fatal("f");
        log.debug("d");
        log.trace("t");
        assertEquals("[4242] [\u001b[32mINF\u001b[0m] n\n"
                + "[4242] [\u001b[0;93mWRN\u001b[0m] w\n"
                + "[4242] [\u001b[31mERR\u001b[0m] e\n"
                + "[4242] [\u001b[31mFTL\u001b[0m] f\n"
                + "[4242] [\u001b[36mDBG\u001b[0m] d\n"
                + "[4242] [\u001b[33mTRC\u001b[0m] t\n", stderr.text());
    }

    @Test
    void reopenWithoutALogFileSaysSoLikeNatsServer() {
        ServerLog log = log(LogSettings.DEFAULTS.withLogtime(false));
        log.reopen();
        assertEquals("[4242] [INF] File log re-open ignored, not a file logger\n", stderr.text());
    }

    @Test
    void createFromServerOptionsTakesTheLoggingSettings() {
        var options = io.jnatsd.config.ServerOptions.builder()
                .debug(true).trace(true).logtime(false).logSizeLimit(10).remoteSyslog("udp://h:1").build();
        assertEquals(new LogSettings(true, true, false, null, 10, false, "udp://h:1"), LogSettings.from(options));
        ServerLog log = ServerLog.create(io.jnatsd.config.ServerOptions.defaults());
        assertFalse(log.isDebug());
        log.close();
    }
}
