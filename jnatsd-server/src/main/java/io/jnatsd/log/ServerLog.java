package io.jnatsd.log;

import io.jnatsd.config.ServerOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's {@link Log}: nats-server's formats and destinations (stderr, a file with size
 * rotation and re-open, local or remote syslog). Thread-safe; logging never throws, and a
 * disabled debug or trace call is one field read.
 */
public final class ServerLog implements Log {

    /** How long {@link #fatal} waits for the line to leave the process before returning. */
    public static final Duration FATAL_FLUSH_TIMEOUT = Duration.ofSeconds(2);

    private final LogSink sink;
    private final boolean debug;
    private final boolean trace;
    private final PrintStream stderr;
    private final AtomicBoolean bugReported = new AtomicBoolean();

    ServerLog(LogSink sink, boolean debug, boolean trace, PrintStream stderr) {
        this.sink = sink;
        this.debug = debug;
        this.trace = trace;
        this.stderr = stderr;
    }

    /** The logger the options ask for, in this process. */
    public static ServerLog create(ServerOptions options) {
        return create(LogSettings.from(options), LogEnvironment.system());
    }

    /**
     * The logger {@code settings} ask for. If local syslog has no socket, logs to stderr and
     * says so there. An unreachable remote syslog is retried in the background, not fatal.
     *
     * @throws IllegalArgumentException if the remote syslog URL is invalid
     * @throws UncheckedIOException     if the log file cannot be opened (its directory is not
     *                                  created, as in nats-server)
     */
    public static ServerLog create(LogSettings settings, LogEnvironment env) {
        LogSink stderr = new StreamSink(env.stderr(),
                new LineFormatter(env.pid(), settings.logtime(), env.stderrIsTerminal(), env.clock()));
        LogSink sink;
        if (settings.logFile() != null) {
            sink = openFile(settings, env, stderr);
        } else if (settings.remoteSyslog() != null) {
            SyslogAddress address = SyslogAddress.parse(settings.remoteSyslog());
            SyslogFormatter formatter = new SyslogFormatter(address.isUnix(),
                    SyslogFormatter.FACILITY_KERN, env.hostname(), env.syslogTag(), env.pid(), env.clock());
            sink = SyslogSink.start(formatter, SyslogConnector.remote(address), null, stderr);
        } else if (settings.syslog()) {
            sink = openLocalSyslog(env, stderr);
        } else {
            sink = stderr;
        }
        return new ServerLog(sink, settings.debug(), settings.trace(), env.stderr());
    }

    private static LogSink openFile(LogSettings settings, LogEnvironment env, LogSink stderr) {
        LineFormatter formatter = new LineFormatter(env.pid(), settings.logtime(), false, env.clock());
        try {
            return FileSink.open(settings.logFile(), settings.logSizeLimit(), formatter, env.clock(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("error opening file: " + settings.logFile() + ": " + e, e);
        }
    }

    /** Connects now, so a missing daemon is known at once and stderr takes over. */
    private static LogSink openLocalSyslog(LogEnvironment env, LogSink stderr) {
        SyslogConnector connector = SyslogConnector.local(env.localSyslogPaths());
        try {
            SyslogTransport transport = connector.connect();
            SyslogFormatter formatter = new SyslogFormatter(true, SyslogFormatter.FACILITY_DAEMON,
                    env.hostname(), env.syslogTag(), env.pid(), env.clock());
            return SyslogSink.start(formatter, connector, transport, stderr);
        } catch (IOException e) {
            connector.close();
            stderr.write(Level.WARN, "Unable to connect to " + connector + ": " + e.getMessage()
                    + "; logging to stderr");
            return stderr;
        }
    }

    @Override
    public void notice(String message) {
        log(Level.NOTICE, message);
    }

    @Override
    public void warn(String message) {
        log(Level.WARN, message);
    }

    @Override
    public void error(String message) {
        log(Level.ERROR, message);
    }

    /** Logs, and waits (bounded) until the line has left the process, since the caller exits. */
    @Override
    public void fatal(String message) {
        log(Level.FATAL, message);
        try {
            sink.flush(FATAL_FLUSH_TIMEOUT);
        } catch (RuntimeException e) {
            reportBug(e);
        }
    }

    @Override
    public void debug(String message) {
        if (debug) {
            log(Level.DEBUG, message);
        }
    }

    @Override
    public void trace(String message) {
        if (trace) {
            log(Level.TRACE, message);
        }
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public boolean isTrace() {
        return trace;
    }

    /**
     * Re-opens the log file under its configured name (SIGUSR1 after the file was moved away)
     * and notes it there; with no log file, notes that nothing was done, as nats-server does.
     */
    @Override
    public void reopen() {
        try {
            if (!sink.reopen()) {
                notice("File log re-open ignored, not a file logger");
            }
        } catch (RuntimeException e) {
            reportBug(e);
        }
    }

    /** Closes the file or, after sending what is queued (bounded), the syslog socket. */
    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            reportBug(e);
        }
    }

    private void log(Level level, String message) {
        try {
            sink.write(level, message == null ? "null" : message);
        } catch (RuntimeException e) {
            reportBug(e);
        }
    }

    /** A sink threw: a bug. Show it once on stderr; the caller must not pay for our bug. */
    private void reportBug(RuntimeException e) {
        if (bugReported.compareAndSet(false, true)) {
            stderr.println("jnatsd: logging failed (reported once):");
            e.printStackTrace(stderr);
        }
    }
}
