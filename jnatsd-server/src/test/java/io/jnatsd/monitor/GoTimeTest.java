package io.jnatsd.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Durations, uptimes and times come out exactly as Go and nats-server print them. */
class GoTimeTest {

    @ParameterizedTest(name = "{0}ns -> {1}")
    @CsvSource({
        "0, 0s",
        "1, 1ns",
        "999, 999ns",
        "1000, 1µs",
        "1500, 1.5µs",
        "509123, 509.123µs",
        "1000000, 1ms",
        "1500000, 1.5ms",
        "999999999, 999.999999ms",
        "1000000000, 1s",
        "1500000000, 1.5s",
        "60000000000, 1m0s",
        "90000000000, 1m30s",
        "120000000000, 2m0s",
        "3600000000000, 1h0m0s",
        "3723500000000, 1h2m3.5s",
        "360000000000000, 100h0m0s",
        "-1500000, -1.5ms",
    })
    void durationIsGoDurationString(long nanos, String expected) {
        assertEquals(expected, GoTime.duration(nanos));
    }

    @ParameterizedTest(name = "rtt {0}ns -> {1}")
    @CsvSource({
        "0, 0s",
        "999, 999ns",
        "1000, 1µs",
        "509123, 509µs",
        "999999, 999µs",
        "1000000, 1ms",
        "1234567, 1.234567ms",
    })
    void rttIsTruncatedToMicrosecondsBelowOneMillisecond(long nanos, String expected) {
        assertEquals(expected, GoTime.rtt(nanos));
    }

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
        "0, 0s",
        "59, 59s",
        "61, 1m1s",
        "3600, 1h0m0s",
        "3661, 1h1m1s",
        "90061, 1d1h1m1s",
        "31536005, 1y0d0h0m5s",
        "63162061, 2y1d1h1m1s",
    })
    void uptimeUsesYearsAndDays(long seconds, String expected) {
        assertEquals(expected, GoTime.uptime(Duration.ofSeconds(seconds).plusMillis(999)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-26T14:56:21.042063922Z, 2026-11-26T14:56:21.042063922Z",
        "2026-11-26T14:56:21.100Z, 2026-11-26T14:56:21.1Z",
        "2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z",
        "0999-01-02T03:04:05.000001Z, 0999-01-02T03:04:05.000001Z",
    })
    void timeIsRfc3339WithNanosecondsAndNoTrailingZeros(String instant, String expected) {
        assertEquals(expected, GoTime.rfc3339(Instant.parse(instant)));
    }

    @Test
    void durationTextReadsBack() {
        for (long n : new long[] {0, 750, 270_000, 1_500_000, 2_000_000_000L, 123_456_789_012L}) {
            assertEquals(n, GoTime.parseDuration(GoTime.duration(n)), GoTime.duration(n));
        }
        assertEquals(0, GoTime.parseDuration("nonsense"));
    }
}
