package io.jnatsd.cli;

import io.jnatsd.config.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ServerOptions optionsFrom(String... args) {
        Flags f = new Flags();
        new CommandLine(f).parseArgs(args);
        ServerOptions.Builder b = ServerOptions.builder();
        FlagOverrides.apply(f, b);
        return b.build();
    }

    @Test
    void helpListsTheGnatsdFlags() {
        Result r = run("-h");
        assertEquals(0, r.code());
        for (String flag : new String[] {"--addr", "--port", "--pid", "--http_port", "--config", "--log", "--logtime",
                "--syslog", "--remote_syslog", "-D", "-V", "-DV", "--user", "--pass", "--routes", "--auth", "--name",
                "-t", "--help", "--version"}) {
            assertTrue(r.out().contains(flag), "usage mentions " + flag);
        }
    }

    @Test
    void helpShowsTheDefaults() {
        // picocli wraps long lines: compare with the whitespace collapsed
        String usage = run("--help").out().replaceAll("\\s+", " ");
        for (String shown : new String[] {
                "Bind to host address (default: " + ServerOptions.DEFAULT_HOST + ")",
                "Use port for clients (default: " + ServerOptions.DEFAULT_PORT + ")",
                "Use port for http monitoring (default: 0, off)",
                "Timestamp log entries (default: true)",
                "Enable debugging output (default: false)",
                "File to redirect log output (default: stderr)",
                "number of connect retries (default: 0)"}) {
            assertTrue(usage.contains(shown), () -> "usage shows \"" + shown + "\" in:\n" + usage);
        }
    }

    @Test
    void versionPrintsTheVersion() {
        Result r = run("-v");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("jnatsd: v"), r.out());
    }

    @Test
    void unknownFlagIsRefused() {
        Result r = run("--no-such-flag");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no-such-flag"), r.err());
    }

    @Test
    void checkConfigAcceptsAValidFile(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "port: 4333\nmax_payload: 2KB\n");
        Result r = run("-t", "-c", conf.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("is valid"), r.out());
    }

    @Test
    void checkConfigReportsEveryErrorWithItsPosition(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "port: 4333\nfoo: bar\nbaz: 1\n");
        Result r = run("-t", "-c", conf.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.conf:2:1"), r.err());
        assertTrue(r.err().contains("bad.conf:3:1"), r.err());
    }

    @Test
    void flagsOverrideAndMapToOptions() {
        ServerOptions o = optionsFrom("-a", "127.0.0.1", "-p", "4333", "-n", "edge", "--user", "u", "--pass", "p",
                "-DV", "-T=false", "-m", "8222");
        assertEquals("127.0.0.1", o.host());
        assertEquals(4333, o.port());
        assertEquals("edge", o.serverName());
        assertEquals("u", o.username());
        assertEquals("p", o.password());
        assertTrue(o.debug());
        assertTrue(o.trace());
        assertFalse(o.logtime());
        assertEquals(8222, o.httpPort());
    }

    @Test
    void httpsPortFlagSetsTheHttpsMonitoringPort() {
        assertEquals(8443, optionsFrom("-ms", "8443").httpsPort());
        assertEquals(-1, optionsFrom("--https_port", "-1").httpsPort());
        assertEquals(0, optionsFrom().httpsPort());
        Flags f = new Flags();
        new CommandLine(f).parseArgs("-ms", "8443");
        assertEquals(java.util.List.of(), f.unsupportedGiven(), "implemented: no warning");
    }

    @Test
    void bothMonitoringPortsStopTheStartWithNatsServersFatalLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("both.log");
        Result r = run("-a", "127.0.0.1", "-p", "-1", "-m", "-1", "-ms", "-1", "-l", log.toString());
        assertEquals(1, r.code());
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(logged.contains("[FTL] Can't start monitoring: can't specify both HTTP (-1) and HTTPs (-1) ports\n"),
                logged);
    }

    @Test
    void httpsPortWithoutTlsStopsTheStartWithNatsServersFatalLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("notls.log");
        Result r = run("-a", "127.0.0.1", "-p", "-1", "-ms", "-1", "-l", log.toString());
        assertEquals(1, r.code());
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(logged.contains("[FTL] Can't start monitoring: TLS cert and key required for HTTPS\n"), logged);
        assertFalse(logged.contains("Listening for client connections"), logged);
    }

    @Test
    void portZeroMeansTheDefaultPortAsInNatsServer() {
        assertEquals(ServerOptions.DEFAULT_PORT, optionsFrom("-p", "0").port());
        assertEquals(-1, optionsFrom("-p", "-1").port());
    }

    @Test
    void routesFlagParsesEveryUrl() {
        ServerOptions o = optionsFrom("--routes", "nats-route://a:b@h1:6222,nats-route://h2:6223",
                "--cluster", "nats://0.0.0.0:6222", "--cluster_name", "c1");
        assertEquals(2, o.cluster().routes().size());
        assertEquals("h2", o.cluster().routes().get(1).getHost());
        assertEquals(6222, o.cluster().port());
        assertEquals("c1", o.cluster().name());
    }

    @Test
    void unimplementedNatsServerFlagsAreAcceptedWithAWarningList() {
        Flags f = new Flags();
        new CommandLine(f).parseArgs("-js", "--config", "x.conf");
        assertEquals(1, f.unsupportedGiven().size());
        assertTrue(f.unsupportedGiven().get(0).contains("JetStream"));
    }

    @Test
    void authTokenFlag() {
        assertEquals("s3cr3t", optionsFrom("--auth", "s3cr3t").authToken());
        assertEquals(Duration.ofSeconds(2), optionsFrom().authTimeout());
    }

    @Test
    void signalWithoutPidIsRefused() {
        Result r = run("--signal", "stop");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("pid"), r.err());
    }

    @Test
    void pidFileHoldsThisProcessId(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("j.pid");
        PidFile f = PidFile.write(p);
        assertEquals(ProcessHandle.current().pid(), PidFile.read(p));
        f.remove();
        assertFalse(Files.exists(p));
    }

    @Test
    void earlyListenerBindsThePortTheOptionsName(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("e.conf");
        try (var probe = new java.net.ServerSocket(0)) {
            int port = probe.getLocalPort();
            probe.close();
            Files.writeString(conf, "host: 127.0.0.1\nport: " + port + "\n");
            var early = EarlyListener.tryBind(new String[] {"-c", conf.toString()});
            try {
                assertTrue(early != null, "bound");
                assertEquals(port, early.address().getPort());
            } finally {
                if (early != null) {
                    early.close();
                }
            }
        }
        assertEquals(null, EarlyListener.tryBind(new String[] {"-t", "-c", conf.toString()}));
    }
}
