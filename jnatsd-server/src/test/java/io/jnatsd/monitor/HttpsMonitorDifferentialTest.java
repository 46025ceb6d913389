package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.RecordingLog;
import io.jnatsd.tls.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTTPS monitor of jnatsd next to nats-server 2.9.10's (Debian's /usr/sbin/nats-server),
 * both started from the same config file: the start-up refusals give the same fatal text, and
 * a running HTTPS monitor gives the same answer to a plain HTTP request, the same
 * {@code https_port} in /varz and the same ports file entry.
 */
class HttpsMonitorDifferentialTest {
    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");
    private static final long WAIT_SECONDS = 10;
    private static final Pattern HTTPS_PORT = Pattern.compile("Starting https monitor on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern FATAL = Pattern.compile("\\[FTL\\] (.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TLS_BLOCK = """
            tls {
              cert_file: "%s"
              key_file: "%s"
              ca_file: "%s"
              verify: true
              timeout: 3
            }
            """.formatted(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"), TestCerts.file("ca.pem"));

    /** Start-up refusals: both monitoring ports; HTTPS without a tls block. */
    private static final List<String> REFUSED = List.of(
            "listen: 127.0.0.1:-1\nhttp_port: 18222\nhttps_port: 18443\n" + TLS_BLOCK,
            "listen: 127.0.0.1:-1\nhttps: 127.0.0.1:-1\n");

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void startUpRefusalsSayWhatNatsServerSays(int which, @TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        Path conf = dir.resolve("refused.conf");
        Files.writeString(conf, REFUSED.get(which));

        Process nats = new ProcessBuilder(NATS_SERVER.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
        String natsOut;
        try {
            assertTrue(nats.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "nats-server did not exit");
            natsOut = new String(nats.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            nats.destroyForcibly();
        }
        Matcher m = FATAL.matcher(natsOut);
        assertTrue(m.find(), natsOut);

        NatsServer jnatsd = new NatsServer(ConfigFile.load(conf).builder().build(), Log.NONE);
        MonitorStartException e = assertThrows(MonitorStartException.class, jnatsd::start);
        assertEquals(m.group(1), e.getMessage());
    }

    @Test
    void aRunningHttpsMonitorAnswersAsNatsServers(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        Path natsDir = Files.createDirectory(dir.resolve("nats"));
        Path jnatsdDir = Files.createDirectory(dir.resolve("jnatsd"));
        String config = "listen: 127.0.0.1:-1\nhttps: 127.0.0.1:-1\nports_file_dir: \"%s\"\n" + TLS_BLOCK;
        Path natsConf = dir.resolve("nats.conf");
        Files.writeString(natsConf, config.formatted(natsDir));
        Path jnatsdConf = dir.resolve("jnatsd.conf");
        Files.writeString(jnatsdConf, config.formatted(jnatsdDir));

        Observed reference;
        Process nats = new ProcessBuilder(NATS_SERVER.toString(), "-c", natsConf.toString())
                .redirectErrorStream(true).start();
        try {
            int port = httpsPort(nats);
            reference = observe(port, awaitPortsFile(natsDir));
        } finally {
            nats.destroy();
            if (!nats.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                nats.destroyForcibly();
            }
        }

        RecordingLog log = new RecordingLog();
        Observed ours;
        try (NatsServer jnatsd = new NatsServer(ConfigFile.load(jnatsdConf).builder().build(), log).start()) {
            int port = jnatsd.monitor().httpsPort();
            assertTrue(log.lines.stream().anyMatch(l -> HTTPS_PORT.matcher(l).find() && l.endsWith(":" + port)),
                    "nats-server's log line, in " + log.lines);
            ours = observe(port, awaitPortsFile(jnatsdDir));
        }

        assertEquals(reference.plainHttpAnswer(), ours.plainHttpAnswer(), "answer to plain HTTP");
        assertEquals(reference.portsFileMonitoring(), ours.portsFileMonitoring(), "ports file monitoring URLs");
        for (String field : List.of("https_port", "http_port", "http_host", "tls_required", "tls_verify", "tls_timeout",
                "auth_timeout")) {
            assertEquals(reference.varz().get(field), ours.varz().get(field), "/varz " + field);
        }
    }

    /** What one server showed: its answer to plain HTTP, its /varz, its ports file's monitoring URLs (port as PORT). */
    private record Observed(String plainHttpAnswer, JsonNode varz, String portsFileMonitoring) {
    }

    private static Observed observe(int port, String portsFile) throws Exception {
        String plain = HttpsMonitorTest.exchange(port, "GET /varz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        HttpClient client = HttpClient.newBuilder().sslContext(TestCerts.client(null, null))
                .connectTimeout(MonitoredServer.TIMEOUT).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/varz"))
                .timeout(MonitoredServer.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String monitoring = JSON.readTree(portsFile).get("monitoring").toString().replace(":" + port + "\"", ":PORT\"");
        return new Observed(plain, JSON.readTree(r.body()), monitoring);
    }

    /** The HTTPS port nats-server chose, read from its log; the rest of its output is drained. */
    private static int httpsPort(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = HTTPS_PORT.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "nats-server-log");
                        drain.setDaemon(true);
                        drain.start();
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("nats-server did not start an https monitor:\n" + seen);
        });
        return port.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The content of the only ports file in {@code dir}, once written (bounded poll: no event to wait on). */
    private static String awaitPortsFile(Path dir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Optional<Path> file;
            try (Stream<Path> files = Files.list(dir)) {
                file = files.filter(f -> f.getFileName().toString().endsWith(".ports")).findFirst();
            }
            if (file.isPresent()) {
                String s = Files.readString(file.get(), StandardCharsets.UTF_8);
                if (s.endsWith("}")) {
                    return s;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no ports file in " + dir + " within " + WAIT_SECONDS + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
