package io.jnatsd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.jnatsd.config.Configs.errors;
import static io.jnatsd.config.Configs.options;
import static io.jnatsd.config.Configs.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each top-level key of nats-server 2.9 that jnatsd implements, with its aliases and types. */
class ServerOptionsMappingTest {

    @Test
    void emptyConfigGivesTheDefaultsAndRecordsTheFile() throws ConfigException {
        ServerOptions o = options("");
        assertEquals(ServerOptions.DEFAULT_PORT, o.port());
        assertEquals(ServerOptions.DEFAULT_HOST, o.host());
        assertEquals(ServerOptions.DEFAULT_MAX_PAYLOAD, o.maxPayload());
        assertEquals(Configs.FILE, o.configFile());
        assertFalse(o.authRequired());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "listen: 127.0.0.1:4333         | 127.0.0.1 | 4333",
            "listen: \"localhost:4333\"     | localhost | 4333",
            "listen: \"[::1]:4333\"         | ::1       | 4333",
            "listen: 4333                   | 0.0.0.0   | 4333",
            "host: 10.0.0.1                 | 10.0.0.1  | 4222",
            "net: 10.0.0.1                  | 10.0.0.1  | 4222",
            "port: 4333                     | 0.0.0.0   | 4333",
            "port: -1                       | 0.0.0.0   | -1",
            "host: h\\nport: 1              | h         | 1",
            "PORT: 4333                     | 0.0.0.0   | 4333",
            "listen: \":4333\"              | 0.0.0.0   | 4333",
    })
    void clientListenAddress(String text, String host, int port) throws ConfigException {
        LoadedConfig c = Configs.load(text.replace("\\n", "\n"));
        assertEquals(host, c.host());
        assertEquals(port, c.port());
    }

    @Test
    void namesAndAdvertise() throws ConfigException {
        ServerOptions o = options("server_name: srv-a\nclient_advertise: \"nats.example.com:4222\"");
        assertEquals("srv-a", o.serverName());
        assertEquals("nats.example.com:4222", o.clientAdvertise());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "http: 8222                     | 8222 | 0    |           | ''",
            "http: \"127.0.0.1:8222\"       | 8222 | 0    | 127.0.0.1 | ''",
            "http_port: 8222                | 8222 | 0    |           | ''",
            "monitor_port: 8222             | 8222 | 0    |           | ''",
            "https: \"0.0.0.0:8443\"        | 0    | 8443 | 0.0.0.0   | ''",
            "https_port: 8443               | 0    | 8443 |           | ''",
            "http_port: 8222\\nhttp_base_path: /nats | 8222 | 0 |     | /nats",
    })
    void monitoring(String text, int http, int https, String httpHost, String basePath) throws ConfigException {
        ServerOptions o = options(text.replace("\\n", "\n"));
        assertEquals(http, o.httpPort());
        assertEquals(https, o.httpsPort());
        assertEquals(httpHost, o.httpHost());
        assertEquals(basePath, o.httpBasePath());
    }

    @Test
    void loggingSwitches() throws ConfigException {
        ServerOptions o = options("""
                debug: true
                trace: yes
                logtime: off
                syslog: on
                remote_syslog: "udp://localhost:514"
                log_file: "/var/log/jnatsd.log"
                log_size_limit: 10MB
                """);
        assertTrue(o.debug());
        assertTrue(o.trace());
        assertFalse(o.logtime());
        assertTrue(o.syslog());
        assertEquals("udp://localhost:514", o.remoteSyslog());
        assertEquals(Path.of("/var/log/jnatsd.log"), o.logFile());
        assertEquals(10L * 1024 * 1024, o.logSizeLimit());
    }

    @Test
    void loggingAliases() throws ConfigException {
        ServerOptions o = options("logfile: a.log\nlogfile_size_limit: 1KB\npidfile: a.pid");
        assertEquals(Path.of("a.log"), o.logFile());
        assertEquals(1024, o.logSizeLimit());
        assertEquals(Path.of("a.pid"), o.pidFile());
    }

    @Test
    void files() throws ConfigException {
        ServerOptions o = options("pid_file: \"/run/jnatsd.pid\"\nports_file_dir: \"/run\"");
        assertEquals(Path.of("/run/jnatsd.pid"), o.pidFile());
        assertEquals(Path.of("/run"), o.portsFileDir());
    }

    @Test
    void limits() throws ConfigException {
        ServerOptions o = options("""
                max_connections: 100
                max_control_line: 2KB
                max_payload: 512KB
                max_pending: 32MB
                max_subscriptions: 10
                ping_max: 5
                no_header_support: true
                """);
        assertEquals(100, o.maxConnections());
        assertEquals(2048, o.maxControlLine());
        assertEquals(512 * 1024, o.maxPayload());
        assertEquals(32L * 1024 * 1024, o.maxPending());
        assertEquals(10, o.maxSubscriptions());
        assertEquals(5, o.pingMax());
        assertTrue(o.noHeaderSupport());
    }

    @Test
    void limitAliases() throws ConfigException {
        ServerOptions o = options("max_conn: 7\nmax_subs: 8");
        assertEquals(7, o.maxConnections());
        assertEquals(8, o.maxSubscriptions());
    }

    @Test
    void zeroKeepsTheDefaultAsInNatsServer() throws ConfigException {
        ServerOptions o = options("""
                max_connections: 0
                max_control_line: 0
                max_payload: 0
                max_pending: 0
                ping_max: 0
                ping_interval: "0s"
                lame_duck_grace_period: "0s"
                """);
        ServerOptions d = ServerOptions.defaults();
        assertEquals(d.maxConnections(), o.maxConnections());
        assertEquals(d.maxControlLine(), o.maxControlLine());
        assertEquals(d.maxPayload(), o.maxPayload());
        assertEquals(d.maxPending(), o.maxPending());
        assertEquals(d.pingMax(), o.pingMax());
        assertEquals(d.pingInterval(), o.pingInterval());
        assertEquals(d.lameDuckGracePeriod(), o.lameDuckGracePeriod());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "ping_interval: \"300ms\"   | PT0.3S",
            "ping_interval: \"1m30s\"   | PT1M30S",
            "ping_interval: 1m30s       | PT1M30S",
            "ping_interval: \"2h\"      | PT2H",
            "ping_interval: \"1.5s\"    | PT1.5S",
    })
    void pingIntervalIsAGoDuration(String text, String expected) throws ConfigException {
        assertEquals(Duration.parse(expected), options(text).pingInterval());
    }

    @Test
    void pingIntervalAsIntegerSecondsWorksWithNatsServersWarning() throws ConfigException {
        LoadedConfig c = Configs.load("\nping_interval: 5");
        assertEquals(Duration.ofSeconds(5), c.options().pingInterval());
        // Same text as nats-server 2.9.10 prints for this file.
        assertEquals(List.of("test.conf:2:1: invalid use of field \"ping_interval\": ping_interval should be "
                + "converted to a duration"), c.warnings());
    }

    @Test
    void writeDeadlineAsDurationOrSeconds() throws ConfigException {
        assertEquals(Duration.ofSeconds(3), options("write_deadline: \"3s\"").writeDeadline());
        assertEquals(Duration.ofSeconds(4), options("write_deadline: 4").writeDeadline());
    }

    @Test
    void lameDuckPeriods() throws ConfigException {
        ServerOptions o = options("lame_duck_duration: \"45s\"\nlame_duck_grace_period: \"5s\"");
        assertEquals(Duration.ofSeconds(45), o.lameDuckDuration());
        assertEquals(Duration.ofSeconds(5), o.lameDuckGracePeriod());
    }

    @Test
    void noAuthUserNamesAConfiguredUser() throws ConfigException {
        ServerOptions o = options("authorization { users: [{user: a, password: b}] }\nno_auth_user: a");
        assertEquals("a", o.noAuthUser());
    }

    @Test
    void keysAreMatchedWithoutCase() throws ConfigException {
        ServerOptions o = options("Server_Name: x\nMAX_PAYLOAD: 100\nDebug: true");
        assertEquals("x", o.serverName());
        assertEquals(100, o.maxPayload());
        assertTrue(o.debug());
    }

    @Test
    void variablesFeedKeys() throws ConfigException {
        ServerOptions o = options("MP = 2KB\nmax_payload: $MP\nNAME: \"n1\"\nserver_name: $NAME");
        assertEquals(2048, o.maxPayload());
        assertEquals("n1", o.serverName());
    }

    @Test
    void environmentFeedsKeys() throws ConfigException {
        ServerOptions o = ConfigFile.parse("port: $P\nserver_name: $N", Configs.FILE,
                java.util.Map.of("P", "4555", "N", "from-env")).options();
        assertEquals(4555, o.port());
        assertEquals("from-env", o.serverName());
    }

    @Test
    void largePayloadWarnsAsNatsServerDoes() throws ConfigException {
        assertEquals(List.of("test.conf:1:1: Maximum payloads over 8.00 MB are generally discouraged and could "
                + "lead to poor performance"), warnings("max_payload: 16MB"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"max_payload: 1", "max_payload: 64MB", "max_payload: 2MB\nmax_pending: 2MB"})
    void payloadWithinLimits(String text) throws ConfigException {
        options(text);
    }

    @Test
    void builderCopiesAreIndependent() throws ConfigException {
        LoadedConfig c = Configs.load("port: 4300");
        c.builder().port(1);
        assertEquals(4300, c.builder().build().port());
        assertNull(c.options().serverName());
    }

    @Test
    void wrongTypesAreErrorsAtTheKey() {
        assertEquals(List.of(
                "test.conf:1:1: expected \"port\" to be an integer, got a string",
                "test.conf:2:1: expected \"debug\" to be a boolean, got a string",
                "test.conf:3:1: expected \"server_name\" to be a string, got an integer",
                "test.conf:4:1: expected port or host:port, got a float"),
                errors("port: \"4222\"\ndebug: \"true\"\nserver_name: 5\nlisten: 1.5"));
    }
}
