package io.jnatsd.config;

/**
 * A {@code host:port} listen address, as {@code listen}, {@code http}, {@code https} and the
 * cluster's {@code listen} take it. An empty host means "keep the configured host".
 */
public record HostPort(String host, int port) {

    /**
     * Splits like Go's net.SplitHostPort (IPv6 hosts in brackets, exactly one colon otherwise),
     * with nats-server's messages.
     */
    static Parsed<HostPort> parse(String address) {
        String bad = "could not parse address string " + GoSyntax.quote(address);
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return Parsed.fail(bad);
        }
        String host;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0 || close + 1 != colon) {
                return Parsed.fail(bad);
            }
            host = address.substring(1, close);
            if (address.indexOf('[', 1) >= 0 || address.indexOf(']', close + 1) >= 0) {
                return Parsed.fail(bad);
            }
        } else {
            host = address.substring(0, colon);
            if (host.indexOf(':') >= 0 || address.indexOf('[') >= 0 || address.indexOf(']') >= 0) {
                return Parsed.fail(bad);
            }
        }
        String port = address.substring(colon + 1);
        try {
            return Parsed.ok(new HostPort(host, Integer.parseInt(port)));
        } catch (NumberFormatException e) {
            return Parsed.fail("could not parse port " + GoSyntax.quote(port));
        }
    }
}
