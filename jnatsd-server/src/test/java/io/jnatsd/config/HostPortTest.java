package io.jnatsd.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** host:port splitting as Go's net.SplitHostPort, with nats-server's messages. */
class HostPortTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:4222 | 127.0.0.1 | 4222",
            "localhost:1    | localhost | 1",
            "[::1]:4222     | ::1       | 4222",
            "[fe80::1%lo]:5 | fe80::1%lo | 5",
            ":4222          | ''        | 4222",
            "h:-1           | h         | -1",
    })
    void splits(String address, String host, int port) {
        assertEquals(new HostPort(host, port), HostPort.parse(address).value());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "foo      | could not parse address string \"foo\"",
            "::1:4222 | could not parse address string \"::1:4222\"",
            "[::1     | could not parse address string \"[::1\"",
            "[::1]    | could not parse address string \"[::1]\"",
            "a]:1     | could not parse address string \"a]:1\"",
            "h:abc    | could not parse port \"abc\"",
            "h:       | could not parse port \"\"",
    })
    void rejects(String address, String error) {
        assertEquals(error, HostPort.parse(address).error());
    }
}
