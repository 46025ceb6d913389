package io.jnatsd.log;

/**
 * nats-server's log levels: the label printed in text logs, the ANSI colour used on a terminal,
 * and the syslog severity. Notices print as {@code INF} and go to syslog as NOTICE; traces go to
 * syslog as NOTICE too (syslog has no trace severity), both as nats-server 2.9 does.
 */
enum Level {
    NOTICE("INF", "32", 5),
    WARN("WRN", "0;93", 4),
    ERROR("ERR", "31", 3),
    FATAL("FTL", "31", 2),
    DEBUG("DBG", "36", 7),
    TRACE("TRC", "33", 5);

    private final String plainLabel;
    private final String colouredLabel;
    private final int syslogSeverity;

    Level(String label, String colour, int syslogSeverity) {
        this.plainLabel = "[" + label + "] ";
        this.colouredLabel = "[\u001b[" + colour + "m" + label + "\u001b[0m] ";
        this.syslogSeverity = syslogSeverity;
    }

    /** "[INF] ", with the trailing space that separates it from the message. */
    String label(boolean coloured) {
        return coloured ? colouredLabel : plainLabel;
    }

    int syslogSeverity() {
        return syslogSeverity;
    }
}
