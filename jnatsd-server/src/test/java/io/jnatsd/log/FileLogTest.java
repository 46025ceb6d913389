package io.jnatsd.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File logging, as nats-server 2.9.10 does it ({@code -l}, {@code --log_size_limit}, SIGUSR1):
 * checked there by renaming the file and sending SIGUSR1, and by a 300-byte limit.
 */
class FileLogTest {

    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private final CapturedStream stderr = new CapturedStream();

    private LogEnvironment env(Clock clock) {
        return LogEnvironment.system().withClock(clock).withPid(7).withStderr(stderr.stream);
    }

    /** Each reading one millisecond later, so rotations get distinct backup names. */
    private LogEnvironment env() {
        return env(new SteppingClock(START, Duration.ofMillis(1), ZoneOffset.UTC));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private List<Path> backups(Path file) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + "."))
                    .sorted().toList();
        }
    }

    @Test
    void writesTextLinesToTheFileAndNothingToStderr() throws IOException {
        Path file = dir.resolve("nats.log");
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withDebug(true),
                env(Clock.fixed(Instant.parse("2026-11-26T12:00:00.000001Z"), ZoneOffset.UTC)));
        log.notice("Starting nats-server");
        log.debug("  Go build: go1.19.8");
        log.close();
        assertEquals("[7] 2026/11/26 12:00:00.000001 [INF] Starting nats-server\n"
                + "[7] 2026/11/26 12:00:00.000001 [DBG]   Go build: go1.19.8\n", read(file));
        assertEquals("", stderr.text());
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Path file = dir.resolve("nats.log");
        Files.writeString(file, "earlier\n");
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withLogtime(false), env());
        log.warn("later");
        log.close();
        assertEquals("earlier\n[7] [WRN] later\n", read(file));
    }

    @Test
    void createsTheFileWithoutGroupOrOtherAccessBeyondMode0660() throws IOException {
        Path file = dir.resolve("nats.log");
        ServerLog.create(LogSettings.DEFAULTS.withLogFile(file), env()).close();
        var allowed = PosixFilePermissions.fromString("rw-rw----");
        for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
            assertTrue(allowed.contains(p), "unexpected " + p);
        }
    }

    @Test
    void aMissingDirectoryIsAnErrorAsInNatsServer() {
        Path file = dir.resolve("nodir/sub/nats.log");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> ServerLog.create(LogSettings.DEFAULTS.withLogFile(file), env()));
        assertTrue(e.getMessage().startsWith("error opening file: " + file), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("nodir")));
    }

    @Test
    void reopenAfterRenameWritesToANewFileUnderTheConfiguredName() throws IOException {
        Path file = dir.resolve("nats.log");
        Path moved = dir.resolve("nats.log.old");
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withLogtime(false), env());
        log.notice("Server is ready");
        Files.move(file, moved);
        log.notice("still open: goes to the moved file");
        log.reopen();
        log.notice("Initiating Shutdown...");
        log.close();
        assertEquals("[7] [INF] Server is ready\n[7] [INF] still open: goes to the moved file\n", read(moved));
        assertEquals("[7] [INF] File log re-opened\n[7] [INF] Initiating Shutdown...\n", read(file));
    }

    @Test
    void sizeLimitRenamesTheFileWithATimestampAndStartsAFreshOne() throws IOException {
        Path file = dir.resolve("g.log");
        // Big enough that the "Rotated log" line with the long temp path stays under it.
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withLogSizeLimit(200), env());
        StringBuilder expectedBackup = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            // Clock readings 0..4; 48 bytes each: 192 bytes after four, the fifth crosses 200.
            log.notice("0123456789");
            expectedBackup.append("[7] 2026/11/26 12:00:00.00").append(i).append("000 [INF] 0123456789\n");
        }
        log.notice("after"); // reading 7: rotation read 5, the "Rotated log" line 6
        log.close();

        List<Path> backups = backups(file);
        assertEquals(List.of(dir.resolve("g.log.2026.11.26.12.00.00.005000000")), backups);
        // The line that crossed the limit stays in the backup, as in nats-server.
        assertEquals(expectedBackup.toString(), read(backups.get(0)));
        assertEquals("[7] 2026/11/26 12:00:00.006000 [INF] Rotated log, backup saved as \"" + backups.get(0) + "\"\n"
                + "[7] 2026/11/26 12:00:00.007000 [INF] after\n", read(file));
    }

    @Test
    void aFileAlreadyOverTheLimitIsRotatedWhenOpened() throws IOException {
        Path file = dir.resolve("g.log");
        Files.writeString(file, "x".repeat(200) + "\n");
        ServerLog log = ServerLog.create(
                LogSettings.DEFAULTS.withLogFile(file).withLogSizeLimit(100).withLogtime(false), env());
        log.close();
        List<Path> backups = backups(file);
        assertEquals(1, backups.size());
        assertEquals("x".repeat(200) + "\n[7] [INF] Rotating logfile...\n", read(backups.get(0)));
        assertEquals("[7] [INF] Rotated log, backup saved as \"" + backups.get(0) + "\"\n", read(file));
    }

    @Test
    void manyRotationsKeepEveryLineExactlyOnce() throws IOException {
        Path file = dir.resolve("g.log");
        ServerLog log = ServerLog.create(
                LogSettings.DEFAULTS.withLogFile(file).withLogSizeLimit(200).withLogtime(false), env());
        for (int i = 0; i < 100; i++) {
            log.notice("line " + i);
        }
        log.close();
        List<String> lines = new ArrayList<>();
        for (Path backup : backups(file)) {
            lines.addAll(Files.readAllLines(backup));
        }
        lines.addAll(Files.readAllLines(file));
        List<String> ours = lines.stream().filter(l -> l.startsWith("[7] [INF] line ")).toList();
        assertEquals(100, ours.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("[7] [INF] line " + i, ours.get(i));
        }
        assertTrue(backups(file).size() >= 10, "expected about 14 rotations");
    }

    @Test
    void aFailedRotationIsLoggedAndRetriedAtTwiceTheSize() throws IOException {
        // A clock that never moves gives the second backup the first one's name: the rename fails.
        Path file = dir.resolve("g.log");
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withLogSizeLimit(30)
                .withLogtime(false), env(Clock.fixed(START, ZoneOffset.UTC)));
        log.notice("first line over thirty bytes..."); // rotates to g.log.<START>
        log.notice("second line over thirty bytes..."); // rename fails: backup exists
        log.close();
        String current = read(file);
        assertTrue(current.contains("[7] [ERR] Unable to rotate logfile ("), current);
        assertTrue(current.contains("will attempt next rotation at size 60\n"), current);
        assertEquals(1, backups(file).size());
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("nats.log");
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withLogSizeLimit(4096), env());
        int threads = 8;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    log.notice("writer " + id + " line " + i);
                }
            });
            writer.start();
            writers.add(writer);
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join(30_000);
        }
        log.close();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (Path backup : backups(file)) {
            lines.addAll(Files.readAllLines(backup));
        }
        long ours = lines.stream()
                .filter(l -> l.matches("\\[7] 2026/11/26 \\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\[INF] writer \\d line \\d+"))
                .count();
        assertEquals((long) threads * perThread, ours);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("[7] 2026/11/26 ")), "a torn line");
    }

    @Test
    void anInterruptedCallerDoesNotCloseTheFileForEveryoneElse() throws Exception {
        Path file = dir.resolve("nats.log");
        ServerLog log = ServerLog.create(LogSettings.DEFAULTS.withLogFile(file).withLogtime(false), env());
        Thread interrupted = new Thread(() -> {
            Thread.currentThread().interrupt();
            log.notice("from an interrupted thread");
        });
        interrupted.start();
        interrupted.join(10_000);
        log.notice("afterwards");
        log.close();
        assertEquals("[7] [INF] from an interrupted thread\n[7] [INF] afterwards\n", read(file));
    }
}
