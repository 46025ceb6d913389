package io.jnatsd.monitor;

import java.io.IOException;

/**
 * The monitoring listener could not start: options that contradict each other or a port that
 * cannot be bound. The message is nats-server's fatal line for it ("Can't start monitoring:
 * ..."); {@link #reason()} is the part after the colon.
 */
public final class MonitorStartException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    MonitorStartException(String reason) {
        this(reason, null);
    }

    MonitorStartException(String reason, Throwable cause) {
        super("Can't start monitoring: " + reason, cause);
        this.reason = reason;
    }

    /** What went wrong, without the "Can't start monitoring" prefix. */
    public String reason() {
        return reason;
    }
}
