package io.jnatsd.log;

import io.jnatsd.config.ServerOptions;

import java.nio.file.Path;

/**
 * What to log and where: the logging part of the server options. Destinations are chosen as
 * nats-server does: a log file if set, else remote syslog if set, else local syslog if enabled,
 * else stderr.
 *
 * @param debug        log DBG lines
 * @param trace        log TRC lines
 * @param logtime      prefix text lines with the date and time (nats-server {@code -T})
 * @param logFile      log to this file (appending), or null
 * @param logSizeLimit rotate the log file past this many bytes; 0 never rotates
 * @param syslog       log to the local syslog daemon
 * @param remoteSyslog {@code udp://host:port}, {@code tcp://host:port} or {@code unix:///path},
 *                     or null
 */
public record LogSettings(boolean debug, boolean trace, boolean logtime, Path logFile,
                          long logSizeLimit, boolean syslog, String remoteSyslog) {

    /** Notices, warnings and errors to stderr, with time, as nats-server without options. */
    public static final LogSettings DEFAULTS =
            new LogSettings(false, false, true, null, 0, false, null);

    public LogSettings {
        if (logSizeLimit < 0) {
            throw new IllegalArgumentException("logSizeLimit must be >= 0: " + logSizeLimit);
        }
        if (remoteSyslog != null && remoteSyslog.isBlank()) {
            remoteSyslog = null;
        }
    }

    public static LogSettings from(ServerOptions options) {
        return new LogSettings(options.debug(), options.trace(), options.logtime(),
                options.logFile(), Math.max(0, options.logSizeLimit()), options.syslog(),
                options.remoteSyslog());
    }

    public LogSettings withDebug(boolean v) {
        return new LogSettings(v, trace, logtime, logFile, logSizeLimit, syslog, remoteSyslog);
    }

    public LogSettings withTrace(boolean v) {
        return new LogSettings(debug, v, logtime, logFile, logSizeLimit, syslog, remoteSyslog);
    }

    public LogSettings withLogtime(boolean v) {
        return new LogSettings(debug, trace, v, logFile, logSizeLimit, syslog, remoteSyslog);
    }

    public LogSettings withLogFile(Path v) {
        return new LogSettings(debug, trace, logtime, v, logSizeLimit, syslog, remoteSyslog);
    }

    public LogSettings withLogSizeLimit(long v) {
        return new LogSettings(debug, trace, logtime, logFile, v, syslog, remoteSyslog);
    }

    public LogSettings withSyslog(boolean v) {
        return new LogSettings(debug, trace, logtime, logFile, logSizeLimit, v, remoteSyslog);
    }

    public LogSettings withRemoteSyslog(String v) {
        return new LogSettings(debug, trace, logtime, logFile, logSizeLimit, syslog, v);
    }
}
