package io.jnatsd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jnatsd.config.Configs.errors;
import static io.jnatsd.config.Configs.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors reported together with file:line:col, unknown keys, and warnings for keys jnatsd does not
 * implement.
 *
 * <p>Comparison with nats-server 2.9.10 ({@code nats-server -t -c FILE}, run by hand on the same
 * text): nats-server numbers columns from 0 on the first line of a file and from 1 on every later
 * line (a quirk of its lexer); jnatsd numbers them from 1 everywhere, so the tests marked
 * "identical" keep the problems off line 1. nats-server prints problems in Go map order (random);
 * jnatsd in file order. Where nats-server only panics ("interface conversion: interface {} is
 * string, not int64") jnatsd says what it expected instead.
 */
class ConfigErrorsTest {

    @Test
    void unknownKeysAreErrorsAtEveryLevelLikeNatsServer() {
        // Identical to nats-server 2.9.10's output for this file, up to order.
        assertEquals(List.of(
                "test.conf:3:1: unknown field \"foo\"",
                "test.conf:7:3: unknown field \"bogus\"",
                "test.conf:11:3: unknown field \"nope\""),
                errors("""
                        # comment
                        port: 4222
                        foo: bar
                        authorization {
                          user: a
                          password: b
                          bogus: 1
                        }
                        cluster {
                          port: 6222
                          nope: 2
                        }
                        """));
    }

    @Test
    void severalMappingErrorsAreReportedTogetherInFileOrder() {
        // nats-server 2.9.10 reports the same five (in random order); all texts but the first are
        // identical, the first is its "interface conversion: interface {} is string, not int64".
        assertEquals(List.of(
                "test.conf:2:1: expected \"port\" to be an integer, got a string",
                "test.conf:3:1: could not parse address string \"nope\"",
                "test.conf:4:1: max_control_line value is too big",
                "test.conf:5:1: error parsing ping_interval: time: invalid duration \"abc\"",
                "test.conf:6:1: invalid lame_duck_duration of 10s, minimum is 30 seconds"),
                errors("""

                        port: "abc"
                        http: "nope"
                        max_control_line: 3GB
                        ping_interval: "abc"
                        lame_duck_duration: "10s"
                        """));
    }

    @Test
    void moreMappingErrorsIdenticalToNatsServer() {
        // Identical to nats-server 2.9.10's output for this file, up to order (one is "int64" there).
        assertEquals(List.of(
                "test.conf:2:1: could not parse port \"abc\"",
                "test.conf:3:1: error parsing write_deadline: time: unknown unit \"x\" in duration \"1x\"",
                "test.conf:4:1: invalid lame_duck_grace_period, needs to be positive",
                "test.conf:5:1: Expected map to define cluster, got an integer"),
                errors("""

                        listen: "h:abc"
                        write_deadline: "1x"
                        lame_duck_grace_period: "-1s"
                        cluster: 5
                        """));
    }

    @Test
    void errorMessageJoinsAllErrorsWithNewlines() {
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.load("a: 1\nb: 2"));
        assertEquals("test.conf:1:1: unknown field \"a\"\ntest.conf:2:1: unknown field \"b\"", e.getMessage());
    }

    @Test
    void keyUsedAsAVariableIsNotUnknown() {
        // nats-server 2.9.10: "P = 4333 / port: 4222" fails with unknown field "P"; used, it is fine.
        assertEquals(List.of("test.conf:1:1: unknown field \"P\""), errors("P = 4333\nport: 4222"));
        assertTrue(assertDoesNotThrowLoad("P = 4333\nport: $P"));
    }

    @Test
    void keyUsedAsAVariableInsideABlockIsNotUnknownThere() throws ConfigException {
        ServerOptions o = Configs.options("authorization {\n  U = derek\n  user: $U\n  password: x\n}");
        assertEquals("derek", o.username());
    }

    @Test
    void crossKeyChecksNatsServerMakesAtStartup() {
        // nats-server 2.9.10 prints these texts when it starts (not with -t).
        assertEquals(List.of("test.conf:1:1: max_payload (2048) cannot be higher than max_pending (1000)"),
                errors("max_payload: 2KB\nmax_pending: 1000"));
        assertEquals(List.of("test.conf:2:1: lame duck grace period (1m0s) should be strictly lower than lame "
                + "duck duration (30s)"), errors("lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1m\""));
    }

    @Test
    void payloadAboveJnatsdLimitIsAnError() {
        assertEquals(List.of("test.conf:1:1: max_payload (100000000) cannot be higher than 67108864 (64 MB)"),
                errors("max_payload: 100M\nmax_pending: 1G"));
    }

    @Test
    void valuesThatCannotBeSizesOrPorts() {
        assertEquals(List.of(
                "test.conf:1:1: max_control_line value can not be negative",
                "test.conf:2:1: max_payload value is too big",
                "test.conf:3:1: port value 70000 is not a port (-1 to 65535)",
                "test.conf:4:1: max_connections value is too big"),
                errors("max_control_line: -1\nmax_payload: 3GB\nport: 70000\nmax_connections: 3GB"));
    }

    static Stream<String> unsupportedKeys() {
        return UnsupportedKeys.TOP_LEVEL.stream().sorted();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unsupportedKeys")
    void everyKeyNatsServerKnowsButJnatsdDoesNotIsAWarning(String key) throws ConfigException {
        List<String> w = warnings("port: 4222\n" + key + ": { anything: [1, 2] }\n");
        assertEquals(List.of("test.conf:2:1: jnatsd does not support \"" + key + "\" yet; ignored"), w);
    }

    @Test
    void unsupportedKeysWarnInAnyCaseWithTheKeyAsWritten() throws ConfigException {
        assertEquals(List.of(
                "test.conf:1:1: jnatsd does not support \"JetStream\" yet; ignored",
                "test.conf:2:1: jnatsd does not support \"leafnodes\" yet; ignored"),
                warnings("JetStream: enabled\nleafnodes { port: 7422 }\nport: 1"));
    }

    @Test
    void warningsAndErrorsTogetherReportOnlyErrors() {
        assertEquals(List.of("test.conf:2:1: unknown field \"typo\""), errors("jetstream: true\ntypo: 1"));
    }

    @Test
    void positionsNameTheFileAsItWasGiven() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse("port: 1\nx { y: 1 }\n",
                Path.of("/nonexistent/dir/main.conf"), Map.of()));
        assertEquals(List.of("/nonexistent/dir/main.conf:2:1: unknown field \"x\""), e.errors());
    }

    private static boolean assertDoesNotThrowLoad(String text) {
        try {
            Configs.load(text);
            return true;
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
