package io.jnatsd.server;

/**
 * Server-wide message and byte counts since start (clients only, as nats-server's /varz counts
 * them): payload bytes, headers included, as received from publishers and as delivered to
 * subscribers. Immutable.
 *
 * @param inMsgs   messages received from clients [in_msgs]
 * @param outMsgs  messages delivered to clients [out_msgs]
 * @param inBytes  payload bytes received [in_bytes]
 * @param outBytes payload bytes delivered [out_bytes]
 */
public record Traffic(long inMsgs, long outMsgs, long inBytes, long outBytes) {
}
