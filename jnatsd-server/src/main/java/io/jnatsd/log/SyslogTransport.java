package io.jnatsd.log;

import java.io.IOException;

/**
 * A connected socket to a syslog daemon. Used by one thread at a time (the syslog sender);
 * {@link #close} may also come from the thread closing the logger, to unblock a stuck send.
 */
interface SyslogTransport {

    /** Sends one complete message: one datagram, or bytes on the stream. */
    void send(byte[] message) throws IOException;

    /** Closes quietly; idempotent. */
    void close();
}
