package io.jnatsd.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Syslog message bytes, checked against what nats-server 2.9.10 sent to listeners:
 * {@code -r udp://} and {@code tcp://} give {@code <5>2026-11-26T14:30:41Z vm nats-server[5737]: ...},
 * {@code -r unix://} gives {@code <5>Nov 26 14:41:11 nats-server[14109]: ...}, and {@code -s}
 * gives {@code <29>Nov 26 14:41:34 nats-server[14970]: ...}.
 */
class SyslogFormatterTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00.987654Z");

    private static String format(boolean unix, int facility, Level level, String message, Clock clock) {
        return new String(new SyslogFormatter(unix, facility, "vm", "jnatsd", 4242, clock).format(level, message),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> <{1}> remote, <{2}> local")
    @CsvSource({
            "NOTICE, 5, 29",
            "WARN,   4, 28",
            "ERROR,  3, 27",
            "FATAL,  2, 26",
            "DEBUG,  7, 31",
            "TRACE,  5, 29"})
    void priorityIsKernFacilityRemotelyAndDaemonLocally(Level level, int remotePri, int localPri) {
        Clock utc = Clock.fixed(NOW, ZoneOffset.UTC);
        assertEquals("<" + remotePri + ">2026-11-26T12:00:00Z vm jnatsd[4242]: hi\n",
                format(false, SyslogFormatter.FACILITY_KERN, level, "hi", utc));
        assertEquals("<" + localPri + ">Nov 26 12:00:00 jnatsd[4242]: hi\n",
                format(true, SyslogFormatter.FACILITY_DAEMON, level, "hi", utc));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "UTC,              2026-11-26T12:00:00Z",
            "Europe/Berlin,    2026-11-26T13:00:00+01:00",
            "America/New_York, 2026-11-26T07:00:00-05:00",
            "Asia/Kolkata,     2026-11-26T17:30:00+05:30"})
    void networkTimestampIsRfc3339ToTheSecondWithZOrOffset(String zone, String expected) {
        String message = format(false, 0, Level.NOTICE, "m", Clock.fixed(NOW, ZoneId.of(zone)));
        assertEquals("<5>" + expected + " vm jnatsd[4242]: m\n", message);
    }

    @Test
    void unixTimestampPadsASingleDigitDayWithASpace() {
        Clock clock = Clock.fixed(Instant.parse("2026-09-05T03:04:05Z"), ZoneOffset.UTC);
        assertEquals("<29>Sep  5 03:04:05 jnatsd[4242]: m\n",
                format(true, SyslogFormatter.FACILITY_DAEMON, Level.NOTICE, "m", clock));
    }

    @Test
    void aMessageEndingInNewlineIsNotGivenAnother() {
        Clock utc = Clock.fixed(NOW, ZoneOffset.UTC);
        assertEquals("<3>2026-11-26T12:00:00Z vm jnatsd[4242]: bad\n",
                format(false, 0, Level.ERROR, "bad\n", utc));
    }

    @Test
    void backupSuffixHasNanosecondsLikeNatsServerRotation() {
        // nats-server 2.9.10 produced e.g. g.log.2026.11.26.14.30.21.066702014
        assertEquals("2026.11.26.14.30.21.066702014",
                Timestamps.backupSuffix(Instant.parse("2026-11-26T14:30:21.066702014Z"), ZoneOffset.UTC));
    }
}
