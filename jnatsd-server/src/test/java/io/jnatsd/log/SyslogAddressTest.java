package io.jnatsd.log;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyslogAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "udp://127.0.0.1:5514,   UDP, 127.0.0.1, 5514",
            "tcp://logs.example:601, TCP, logs.example, 601",
            "UDP://localhost:5514,   UDP, localhost, 5514",
            "'udp://[::1]:5514',     UDP, ::1, 5514",
            "udp://syslog_host:5514, UDP, syslog_host, 5514"})
    void parsesHostAndPort(String url, SyslogAddress.Network network, String host, int port) {
        assertEquals(new SyslogAddress(network, host, port, null), SyslogAddress.parse(url));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udp://127.0.0.1", "tcp://localhost", "udp://[::1]"})
    void missingPortMeansTheSyslogPort514(String url) {
        assertEquals(514, SyslogAddress.parse(url).port());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unix:///var/run/syslog.sock", "unix:/var/run/syslog.sock"})
    void unixUrlNamesAStreamSocketPath(String url) {
        assertEquals(SyslogAddress.unixStream(Path.of("/var/run/syslog.sock")), SyslogAddress.parse(url));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "127.0.0.1:514",       // nats-server: first path segment in URL cannot contain colon
            "localhost:514",       // nats-server: error invalid network type: "localhost"
            "//127.0.0.1:514",     // nats-server: error invalid network type: ""
            "unixgram:///dev/log", // nats-server: error invalid network type: "unixgram"
            "http://127.0.0.1:514",
            "udp://:514",
            "udp://host:port",
            "udp://host:70000",
            "unix://"})
    void rejectsWhatNatsServerRejectsExceptAMissingPort(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyslogAddress.parse(url));
        assertTrue(e.getMessage().startsWith("invalid remote syslog address \"" + url + "\""), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "udp://127.0.0.1:5514, udp://127.0.0.1:5514",
            "tcp://[::1]:601,      tcp://[::1]:601",
            "unix:///dev/log,      unix:///dev/log"})
    void printsAsTheUrl(String url, String printed) {
        assertEquals(printed, SyslogAddress.parse(url).toString());
    }
}
