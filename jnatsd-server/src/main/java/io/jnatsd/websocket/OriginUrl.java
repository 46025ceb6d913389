package io.jnatsd.websocket;

import java.util.Locale;

/**
 * An origin URL ({@code https://example.com:8443}) reduced to what nats-server compares: the
 * scheme, the lower-cased host and the port (80 or 443 when absent, by scheme). Parsing follows
 * what Go's net/url refuses for such URLs (control characters, a missing scheme, characters that
 * cannot be in a host name, a port that is not a number), with Go's messages, since they appear
 * in nats-server's log lines and config errors.
 *
 * @param scheme as written ("http", "https", ...)
 * @param host   lower case, without brackets for IPv6
 * @param port   the port as written, or "80"/"443"
 */
public record OriginUrl(String scheme, String host, String port) {

    /** Go's url.Parse error (without "parse ..." before it) for {@code url}, or null when it parses. */
    public static String parseError(String url) {
        Parsed p = parse(url, false);
        return p.error;
    }

    /**
     * {@code url} as Go's url.ParseRequestURI then nats-server's wsGetHostAndPort read it.
     *
     * @return the origin, or null with the reason in {@code error[0]}
     */
    public static OriginUrl parseRequestUri(String url, String[] error) {
        Parsed p = parse(url, true);
        if (p.error != null) {
            error[0] = "parse " + quote(url) + ": " + p.error;
            return null;
        }
        String[] hp = new String[2];
        String why = hostAndPort(p.authority, "https".equals(p.scheme), hp);
        if (why != null) {
            error[0] = why;
            return null;
        }
        return new OriginUrl(p.scheme, hp[0], hp[1]);
    }

    /**
     * nats-server's wsGetHostAndPort: splits {@code host:port} as Go's net.SplitHostPort; a missing
     * port is 443 when {@code tls}, else 80. Fills {@code out} with the lower-cased host and the port.
     *
     * @return null, or Go's error text
     */
    public static String hostAndPort(String hostPort, boolean tls, String[] out) {
        String host;
        String port;
        int colon = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return "address " + hostPort + ": missing ']' in address";
            }
            if (close + 1 == hostPort.length()) {
                host = hostPort.substring(1, close);
                port = null;
            } else if (close + 1 == colon) {
                host = hostPort.substring(1, close);
                port = hostPort.substring(colon + 1);
            } else {
                return "address " + hostPort + ": missing port in address";
            }
        } else if (colon < 0) {
            host = hostPort;
            port = null;
        } else if (hostPort.indexOf(':') != colon) {
            return "address " + hostPort + ": too many colons in address";
        } else {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        out[0] = host.toLowerCase(Locale.ROOT);
        out[1] = port != null ? port : tls ? "443" : "80";
        return null;
    }

    private record Parsed(String scheme, String authority, String error) {
        static Parsed failed(String error) {
            return new Parsed(null, null, error);
        }
    }

    private static Parsed parse(String url, boolean requestUri) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Parsed.failed("net/url: invalid control character in URL");
            }
        }
        String rest = url;
        String scheme = "";
        int colon = url.indexOf(':');
        if (colon == 0) {
            return Parsed.failed("missing protocol scheme");
        }
        if (colon > 0 && isScheme(url.substring(0, colon))) {
            scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = url.substring(colon + 1);
        }
        if (requestUri && scheme.isEmpty() && !rest.startsWith("/")) {
            return Parsed.failed("invalid URI for request");
        }
        if (!rest.startsWith("//") || (requestUri && scheme.isEmpty())) {
            if (scheme.isEmpty()) {
                int slash = rest.indexOf('/');
                String first = slash < 0 ? rest : rest.substring(0, slash);
                if (first.indexOf(':') >= 0) {
                    return Parsed.failed("first path segment in URL cannot contain colon");
                }
            }
            return new Parsed(scheme, "", null);
        }
        String authority = rest.substring(2);
        int end = indexOfAny(authority, requestUri ? "/" : "/?#");
        if (end >= 0) {
            authority = authority.substring(0, end);
        }
        int at = authority.lastIndexOf('@');
        String host = at < 0 ? authority : authority.substring(at + 1);
        String error = hostError(host);
        return error != null ? Parsed.failed(error) : new Parsed(scheme, host, null);
    }

    /** Go's parseHost: a bracketed IPv6 literal, else characters a host name may have and a numeric port. */
    private static String hostError(String host) {
        String name = host;
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                return "missing ']' in host";
            }
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                return "invalid port " + quote(colonPort) + " after host";
            }
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            String colonPort = host.substring(colon);
            if (!validOptionalPort(colonPort)) {
                return "invalid port " + quote(colonPort) + " after host";
            }
            name = host.substring(0, colon);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x80 && !hostChar(c)) {
                return "invalid character " + quote(String.valueOf(c)) + " in host name";
            }
        }
        return null;
    }

    private static boolean hostChar(char c) {
        return Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:[]<>\"%".indexOf(c) >= 0;
    }

    private static boolean validOptionalPort(String colonPort) {
        if (colonPort.isEmpty()) {
            return true;
        }
        if (colonPort.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonPort.length(); i++) {
            char c = colonPort.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isScheme(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
            if (!letter && (i == 0 || !other)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Go's %q for the plain strings of these messages. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
