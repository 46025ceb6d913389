package io.jnatsd.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code --signal} against a real jnatsd process: the server runs as a child JVM on the test
 * class path, and the signal goes through {@link Main#run} as a user's second invocation would.
 * Every wait polls with a deadline; the child is destroyed whatever happens.
 */
class SignalEndToEndTest {

    /** JVM start-up dominates; generous so a loaded CI machine does not fail the test. */
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long SIGNAL_TIMEOUT_MS = 15_000;

    private static Process startServer(Path dir, int port, Path pidFile, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.jnatsd.cli.Main", "-a", "127.0.0.1", "-p", Integer.toString(port), "-P", pidFile.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("process.out").toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition, Path output) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeoutMs + " ms waiting for: " + what + "\n--- server output:\n"
                        + readQuietly(output));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * The port accepts before the server is ready (the early listener binds it first), so also
     * wait for "Server is ready", logged after the pid file is written and the signal handlers
     * are installed: a TERM before that would hit the JVM's default handler (exit 143).
     */
    private static void awaitReady(Process p, int port, Path output, Path log) {
        awaitAccepting(p, port, output);
        await("the log to say the server is ready", START_TIMEOUT_MS, () -> {
            if (!p.isAlive()) {
                fail("server exited with " + p.exitValue() + "\n" + readQuietly(output));
            }
            return readQuietly(log).contains("Server is ready");
        }, output);
    }

    private static void awaitAccepting(Process p, int port, Path output) {
        await("the server to accept on port " + port, START_TIMEOUT_MS, () -> {
            if (!p.isAlive()) {
                fail("server exited with " + p.exitValue() + " before accepting\n" + readQuietly(output));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, output);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private static void signal(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> "jnatsd " + String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
    }

    private static void destroy(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(SIGNAL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void signalStopEndsTheServerWithExitCodeZeroAndRemovesThePidFile(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("jnatsd.pid");
        Path output = dir.resolve("process.out");
        int port = freePort();
        Process p = startServer(dir, port, pidFile);
        try {
            awaitReady(p, port, output, output);
            assertEquals(p.pid(), PidFile.read(pidFile));

            signal("--signal", "stop", "-P", pidFile.toString());

            assertTrue(p.waitFor(SIGNAL_TIMEOUT_MS, TimeUnit.MILLISECONDS),
                    () -> "server still running after --signal stop\n" + readQuietly(output));
            assertEquals(0, p.exitValue(), () -> readQuietly(output));
            assertFalse(Files.exists(pidFile), "pid file removed at exit");
        } finally {
            destroy(p);
        }
    }

    @Test
    void signalReopenReopensTheLogAndSignalReloadAppliesTheEditedConfig(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("jnatsd.pid");
        Path output = dir.resolve("process.out");
        Path logFile = dir.resolve("jnatsd.log");
        Path conf = dir.resolve("jnatsd.conf");
        Files.writeString(conf, "debug: false\n");
        int port = freePort();
        Process p = startServer(dir, port, pidFile, "-c", conf.toString(), "-l", logFile.toString());
        try {
            awaitReady(p, port, output, logFile);

            // logrotate: move the file away, then ask for a new one at the same path
            Path rotated = dir.resolve("jnatsd.log.1");
            Files.move(logFile, rotated, StandardCopyOption.ATOMIC_MOVE);
            signal("--signal", "reopen", "-P", pidFile.toString());
            await("a fresh log file saying it was re-opened", SIGNAL_TIMEOUT_MS,
                    () -> readQuietly(logFile).contains("File log re-opened"), output);
            assertTrue(readQuietly(rotated).contains("Server is ready"), "old lines stay in the rotated file");

            Files.writeString(conf, "debug: true\n");
            signal("--signal", "reload=" + PidFile.read(pidFile));
            await("the log to report the reload", SIGNAL_TIMEOUT_MS,
                    () -> readQuietly(logFile).contains("Reloaded server configuration"), output);
            assertTrue(readQuietly(logFile).contains("Reloaded: debug = true"), () -> readQuietly(logFile));
            assertTrue(p.isAlive(), "reopen and reload keep the server running");
        } finally {
            destroy(p);
        }
    }
}
