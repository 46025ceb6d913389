package io.jnatsd.log;

import io.jnatsd.text.GoQuote;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;

/**
 * Text lines appended to a log file, with nats-server's size-limit rotation and SIGUSR1 re-open.
 *
 * <p>Rotation: once a write takes the file past the limit, the file is renamed to
 * {@code NAME.yyyy.MM.dd.HH.mm.ss.nnnnnnnnn}, a new file is opened under the old name and its
 * first line says {@code Rotated log, backup saved as "..."}. The line that crossed the limit
 * stays in the backup. If the rename fails, the next attempt waits until twice the size.
 *
 * <p>Threading: every method holds this object's monitor; the work under it is a local file
 * append, which must not interleave with a rotation. Writes use FileOutputStream, not
 * FileChannel, because an interrupted thread writing to a FileChannel closes it for everyone.
 */
final class FileSink implements LogSink {

    /** nats-server opens its log with mode 0660 (before the umask). */
    private static final Set<PosixFilePermission> MODE =
            PosixFilePermissions.fromString("rw-rw----");

    private final Path path;
    private final long sizeLimit;
    private final LineFormatter formatter;
    private final Clock clock;
    private final LogSink fallback;

    // Guarded by this.
    private FileOutputStream out;
    private long size;
    private long limit;
    private boolean failing;
    private boolean closed;

    private FileSink(Path path, long sizeLimit, LineFormatter formatter, Clock clock,
                     LogSink fallback, FileOutputStream out, long size) {
        this.path = path;
        this.sizeLimit = sizeLimit;
        this.formatter = formatter;
        this.clock = clock;
        this.fallback = fallback;
        this.out = out;
        this.size = size;
        this.limit = sizeLimit;
    }

    /**
     * Opens (creating if needed, never its directories, as nats-server) {@code path} for append.
     *
     * @param sizeLimit rotate past this many bytes; 0 never rotates
     * @param fallback  where lines go while the file cannot be written (stderr)
     * @throws IOException when the file cannot be opened: a configuration error to report
     */
    static FileSink open(Path path, long sizeLimit, LineFormatter formatter, Clock clock,
                         LogSink fallback) throws IOException {
        FileOutputStream out = openAppend(path);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            closeQuietly(out);
            throw e;
        }
        FileSink sink = new FileSink(path, sizeLimit, formatter, clock, fallback, out, size);
        synchronized (sink) {
            sink.rotateIfAlreadyTooBig();
        }
        return sink;
    }

    @Override
    public synchronized void write(Level level, String message) {
        if (closed) {
            return;
        }
        append(level, message);
        if (limit > 0 && size > limit) {
            rotate();
        }
    }

    /** Opens the file again under its name (it may have been renamed away) and says so in it. */
    @Override
    public synchronized boolean reopen() {
        if (closed) {
            return true;
        }
        FileOutputStream fresh = null;
        try {
            fresh = openAppend(path);
            long freshSize = Files.size(path);
            closeQuietly(out);
            out = fresh;
            size = freshSize;
            limit = sizeLimit;
            failing = false;
        } catch (IOException e) {
            if (fresh != null) {
                closeQuietly(fresh);
            }
            // nats-server exits here; carrying on with the old file loses nothing.
            write(Level.ERROR, "Unable to re-open log file " + path + ": " + e);
            fallback.write(Level.ERROR, "Unable to re-open log file " + path + ": " + e);
            return true;
        }
        rotateIfAlreadyTooBig();
        write(Level.NOTICE, "File log re-opened");
        return true;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(out);
        }
    }

    /** nats-server announces the rotation of a file that is over the limit when opened. */
    private void rotateIfAlreadyTooBig() {
        if (sizeLimit > 0 && size > sizeLimit) {
            write(Level.NOTICE, "Rotating logfile...");
        }
    }

    private void append(Level level, String message) {
        byte[] line = formatter.format(level, message);
        try {
            out.write(line);
            size += line.length;
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                fallback.write(Level.ERROR, "Unable to write log file " + path + ": " + e
                        + "; logging to stderr until it can be written");
            }
            fallback.write(level, message);
        }
    }

    private void rotate() {
        String backup = path + "." + Timestamps.backupSuffix(clock.instant(), clock.getZone());
        FileOutputStream fresh;
        try {
            // Rename while still open (fine on POSIX), so a failure leaves us writing where we were.
            Files.move(path, Path.of(backup));
            fresh = openAppend(path);
        } catch (IOException | RuntimeException e) {
            limit = limit > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : limit * 2;
            append(Level.ERROR, "Unable to rotate logfile (" + e
                    + "), will attempt next rotation at size " + limit);
            return;
        }
        closeQuietly(out);
        out = fresh;
        size = 0;
        limit = sizeLimit;
        append(Level.NOTICE, "Rotated log, backup saved as " + goQuote(backup));
    }

    private static FileOutputStream openAppend(Path path) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(MODE);
            Files.createFile(path, mode);
        } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
            // Exists already, or a file system without POSIX modes: open as it is / as default.
        }
        return new FileOutputStream(path.toFile(), true);
    }

    private static void closeQuietly(FileOutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Nothing useful to do: the descriptor is released either way.
        }
    }

    /** Quotes like Go's %q for the file names nats-server prints. */
    static String goQuote(String s) {
        return GoQuote.quote(s);
    }
}
