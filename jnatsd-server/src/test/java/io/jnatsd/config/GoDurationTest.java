package io.jnatsd.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Go's duration syntax and printing, which nats-server's messages use. */
class GoDurationTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "0, PT0S", "2s, PT2S", "300ms, PT0.3S", "1m30s, PT1M30S", "1.5h, PT1H30M", "2h45m, PT2H45M",
            "-1s, PT-1S", "+5s, PT5S", "1us, PT0.000001S", "1\u00b5s, PT0.000001S", "1\u03bcs, PT0.000001S",
            "7ns, PT0.000000007S", ".5s, PT0.5S", "1.s, PT1S", "1h1m1s1ms, PT1H1M1.001S",
    })
    void parsesWhatGoParses(String text, String iso) {
        Parsed<Duration> d = GoDuration.parse(text);
        assertEquals(null, d.error());
        assertEquals(Duration.parse(iso), d.value());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "abc      | time: invalid duration \"abc\"",
            "''       | time: invalid duration \"\"",
            "-        | time: invalid duration \"-\"",
            ".s       | time: invalid duration \".s\"",
            "1        | time: missing unit in duration \"1\"",
            "1x       | time: unknown unit \"x\" in duration \"1x\"",
            "1s2      | time: missing unit in duration \"1s2\"",
            "9999999999h | time: invalid duration \"9999999999h\"",
    })
    void rejectsWithGosMessages(String text, String error) {
        assertEquals(error, GoDuration.parse(text).error());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource({
            "PT0S, 0s", "PT10S, 10s", "PT1M30S, 1m30s", "PT30M, 30m0s", "PT2H, 2h0m0s", "PT1.5S, 1.5s",
            "PT0.5S, 500ms", "PT0.0015S, 1.5ms", "PT0.000002S, 2\u00b5s", "PT0.000000007S, 7ns", "PT-10S, -10s",
            "PT25H1.25S, 25h0m1.25s",
    })
    void printsAsGoPrints(String iso, String text) {
        assertEquals(text, GoDuration.format(Duration.parse(iso)));
    }
}
