package io.jnatsd.route;

import io.jnatsd.auth.SubjectPermission;

import java.time.Instant;

/**
 * One route as monitoring sees it (nats-server's /routez entry fields). {@code subscriptions}
 * is the number of interest entries the peer registered here; {@code configured} is true for
 * a route to a URL of the configuration (nats-server's is_configured), {@code lastActivity}
 * when the peer last sent something, {@code rttNanos} the round trip of the last answered
 * PING (0 before the first); {@code remoteImport}/{@code remoteExport} the peer's cluster
 * permissions as its INFO announced them (null when it has none).
 */
public record RouteSnapshot(long rid, String remoteId, String remoteName, String ip, int port,
                            boolean didSolicit, String url, Instant start, long inMsgs, long inBytes,
                            long outMsgs, long outBytes, long pendingBytes, int subscriptions,
                            boolean configured, Instant lastActivity, long rttNanos,
                            SubjectPermission remoteImport, SubjectPermission remoteExport) {
}
