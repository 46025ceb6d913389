package io.jnatsd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pid file: written at start, removed at exit, as nats-server does. */
final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    static PidFile write(Path path) throws IOException {
        Files.writeString(path, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        return new PidFile(path);
    }

    /** Reads the pid stored in a pid file. */
    static long read(Path path) throws IOException {
        return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim());
    }

    void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort at exit; a stale pid file is reported by the next --signal
        }
    }
}
