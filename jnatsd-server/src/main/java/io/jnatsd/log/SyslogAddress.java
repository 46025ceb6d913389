package io.jnatsd.log;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a syslog daemon listens. {@link #parse} reads nats-server's {@code remote_syslog} URL:
 * {@code udp://host:port}, {@code tcp://host:port} or {@code unix:///path}.
 *
 * @param network how to reach it
 * @param host    host name or IP (no brackets) for UDP and TCP, else null
 * @param port    port for UDP and TCP, else 0
 * @param path    socket path for the unix networks, else null
 */
record SyslogAddress(Network network, String host, int port, Path path) {

    /** The standard syslog port, used when the URL names none (nats-server requires one). */
    static final int DEFAULT_PORT = 514;

    enum Network { UDP, TCP, UNIX_STREAM, UNIX_DATAGRAM }

    static SyslogAddress udp(String host, int port) {
        return new SyslogAddress(Network.UDP, host, port, null);
    }

    static SyslogAddress tcp(String host, int port) {
        return new SyslogAddress(Network.TCP, host, port, null);
    }

    static SyslogAddress unixStream(Path path) {
        return new SyslogAddress(Network.UNIX_STREAM, null, 0, path);
    }

    static SyslogAddress unixDatagram(Path path) {
        return new SyslogAddress(Network.UNIX_DATAGRAM, null, 0, path);
    }

    boolean isUnix() {
        return path != null;
    }

    /**
     * Parses a remote syslog URL. Like nats-server it requires one of the three schemes (a bare
     * {@code host:port} is refused, not guessed); unlike it, a missing port means 514. For
     * {@code unix://} this returns the stream form, the one nats-server dials.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    static SyslogAddress parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid(url, e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "udp", "tcp" -> {
                String[] hostPort = hostAndPort(url, uri);
                int port = hostPort[1] == null ? DEFAULT_PORT : parsePort(url, hostPort[1]);
                return scheme.equals("udp") ? udp(hostPort[0], port) : tcp(hostPort[0], port);
            }
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw invalid(url, "no socket path, expected unix:///path/to/socket");
                }
                return unixStream(Path.of(uri.getPath()));
            }
            default -> throw invalid(url, "invalid network type \"" + scheme
                    + "\", expected udp://host:port, tcp://host:port or unix:///path");
        }
    }

    /** Host and port text (port null when absent); URI leaves host null for names like a_b. */
    private static String[] hostAndPort(String url, URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw invalid(url, "no host");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(url, "unclosed [ in IPv6 address");
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw invalid(url, "unexpected text after the IPv6 address");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(url, "no host");
        }
        return new String[] {host, port};
    }

    private static int parsePort(String url, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(url, "invalid port \"" + text + "\"");
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("invalid remote syslog address \"" + url + "\": " + reason);
    }

    /** For messages: the URL form. */
    @Override
    public String toString() {
        return switch (network) {
            case UDP, TCP -> network.name().toLowerCase(Locale.ROOT) + "://"
                    + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
            case UNIX_STREAM -> "unix://" + path;
            case UNIX_DATAGRAM -> "unixgram://" + path;
        };
    }
}
