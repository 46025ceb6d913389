package io.jnatsd.log;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Formats a text log line as nats-server writes to stderr and files:
 * {@code [PID] 2006/01/02 15:04:05.000000 [INF] message\n}, or {@code [PID] [INF] message\n}
 * when logtime is off. Labels are coloured only for a terminal, as nats-server does.
 * Stateless and thread-safe.
 */
final class LineFormatter {

    private final String pidPrefix;
    private final boolean logtime;
    private final boolean coloured;
    private final Clock clock;

    LineFormatter(long pid, boolean logtime, boolean coloured, Clock clock) {
        this.pidPrefix = "[" + pid + "] ";
        this.logtime = logtime;
        this.coloured = coloured;
        this.clock = clock;
    }

    byte[] format(Level level, String message) {
        StringBuilder sb = new StringBuilder(48 + message.length());
        sb.append(pidPrefix);
        if (logtime) {
            Timestamps.appendLogTime(sb, clock.instant(), clock.getZone()).append(' ');
        }
        sb.append(level.label(coloured)).append(message);
        // Go's log package adds the newline only when the message lacks one.
        if (!message.endsWith("\n")) {
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
