package io.jnatsd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.tls.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code -ms} from the command line of a real jnatsd process (a child JVM on the test class
 * path): with the {@code --tls*} flags it serves the monitoring endpoints over HTTPS and the
 * ports file lists them as {@code https://}. Every wait has a deadline; the child is destroyed
 * whatever happens.
 */
class HttpsPortFlagTest {

    /** JVM start-up dominates; generous so a loaded machine does not fail the test. */
    private static final long START_TIMEOUT_MS = 30_000;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void msFlagServesHttpsAndThePortsFileSaysSo(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("process.out");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jnatsd.cli.Main",
                "-a", "127.0.0.1", "-p", "-1", "-ms", "-1",
                "--tls", "--tlscert", TestCerts.file("server-cert.pem").toString(),
                "--tlskey", TestCerts.file("server-key.pem").toString(),
                "--ports_file_dir", dir.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            String ports = awaitPortsFile(p, dir, output);
            JsonNode monitoring = new ObjectMapper().readTree(ports).get("monitoring");
            assertEquals(1, monitoring.size(), ports);
            String url = monitoring.get(0).asText();
            assertTrue(url.matches("https://127\\.0\\.0\\.1:\\d+"), url);

            HttpClient client = HttpClient.newBuilder().sslContext(TestCerts.client(null, null))
                    .connectTimeout(HTTP_TIMEOUT).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/varz"))
                    .timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode varz = new ObjectMapper().readTree(r.body());
            assertEquals(-1, varz.get("https_port").asInt());
            assertTrue(read(output).contains("[INF] Starting https monitor on 127.0.0.1:" + URI.create(url).getPort()),
                    read(output));
            assertFalse(read(output).contains("does not support"), "no warning that -ms is unsupported");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The ports file's content once the server has written it (it is written after every listener is up). */
    private static String awaitPortsFile(Process p, Path dir, Path output) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (true) {
            if (!p.isAlive()) {
                fail("jnatsd exited with " + p.exitValue() + ":\n" + read(output));
            }
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
                fail("no ports file within " + START_TIMEOUT_MS + " ms:\n" + read(output));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll interval of a bounded wait
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
