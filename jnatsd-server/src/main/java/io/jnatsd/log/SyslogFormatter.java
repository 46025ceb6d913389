package io.jnatsd.log;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Formats a syslog message as Go's log/syslog (which nats-server uses) does. Over a unix socket:
 * {@code <PRI>Jan _2 15:04:05 TAG[PID]: MSG\n}; over UDP or TCP:
 * {@code <PRI>2006-01-02T15:04:05Z HOSTNAME TAG[PID]: MSG\n}. PRI is facility * 8 + severity.
 * No octet counting or other framing, also over TCP. Stateless and thread-safe.
 */
final class SyslogFormatter {

    /** nats-server's local syslog (-s) logs as LOG_DAEMON. */
    static final int FACILITY_DAEMON = 3;
    /** nats-server's remote syslog (-r) dials with priority LOG_DEBUG, whose facility is LOG_KERN. */
    static final int FACILITY_KERN = 0;

    private final boolean unixSocket;
    private final int facility;
    private final String hostname;
    private final String tagAndPid;
    private final Clock clock;

    /**
     * @param unixSocket true for the short form Go uses over unix sockets (no hostname)
     */
    SyslogFormatter(boolean unixSocket, int facility, String hostname, String tag, long pid,
                    Clock clock) {
        this.unixSocket = unixSocket;
        this.facility = facility;
        this.hostname = hostname;
        this.tagAndPid = tag + "[" + pid + "]: ";
        this.clock = clock;
    }

    byte[] format(Level level, String message) {
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append('<').append(facility * 8 + level.syslogSeverity()).append('>');
        Instant now = clock.instant();
        if (unixSocket) {
            Timestamps.appendStamp(sb, now, clock.getZone()).append(' ');
        } else {
            Timestamps.appendRfc3339(sb, now, clock.getZone()).append(' ');
            sb.append(hostname).append(' ');
        }
        sb.append(tagAndPid).append(message);
        if (!message.endsWith("\n")) {
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
