package io.jnatsd.route;

import java.time.Instant;

/**
 * One route as monitoring sees it (nats-server's /routez entry fields). {@code subscriptions}
 * is the number of interest entries the peer registered here.
 */
public record RouteSnapshot(long rid, String remoteId, String remoteName, String ip, int port,
                            boolean didSolicit, String url, Instant start, long inMsgs, long inBytes,
                            long outMsgs, long outBytes, long pendingBytes, int subscriptions) {
}
