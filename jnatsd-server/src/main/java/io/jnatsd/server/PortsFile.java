package io.jnatsd.server;

import io.jnatsd.text.Ipv6Text;

import io.jnatsd.log.Log;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code ports_file_dir} file: {@code <dir>/jnatsd_<pid>.ports}, JSON listing the URLs
 * each listener can be reached at, written once the server listens and deleted when it stops,
 * in nats-server's format ({@code {"nats":[...],"monitoring":[...],"cluster":[...],"websocket":[...]}}; a
 * listener on every address is listed once per interface address, as Go's net.Interfaces
 * gives them: by interface index, IPv4 before IPv6).
 */
final class PortsFile {

    /** nats-server uses its executable's base name; ours is the jnatsd launcher. */
    static final String EXECUTABLE = "jnatsd";

    private final Path path;

    private PortsFile(Path path) {
        this.path = path;
    }

    /** The file name for this process in {@code dir}. */
    static Path pathFor(Path dir) {
        return dir.resolve(EXECUTABLE + "_" + ProcessHandle.current().pid() + ".ports");
    }

    /** Writes the file for a started server; logs and returns null when it cannot. */
    static PortsFile write(NatsServer server, Path dir, Log log) {
        Path p = pathFor(dir);
        try {
            Files.write(p, json(server).getBytes(StandardCharsets.UTF_8));
            return new PortsFile(p);
        } catch (IOException | RuntimeException e) {
            log.error("Error writing ports file (" + p + "): " + e.getMessage());
            return null;
        }
    }

    void delete(Log log) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            log.error("Error cleaning up ports file " + path + ": " + e);
        }
    }

    /** The file's content for a started server. */
    static String json(NatsServer server) {
        var o = server.options();
        StringBuilder sb = new StringBuilder("{");
        field(sb, "nats", urls(server.tlsRequired() ? "tls" : "nats", o.host(), server.port()));
        int http = server.monitor().httpPort();
        int https = server.monitor().httpsPort();
        if (http > 0 || https > 0) {
            String host = o.httpHost() != null && !o.httpHost().isEmpty() ? o.httpHost() : o.host();
            field(sb, "monitoring", https > 0 ? urls("https", host, https) : urls("http", host, http));
        }
        int cluster = server.clusterPort();
        if (cluster > 0) {
            field(sb, "cluster", urls(o.cluster().tls() != null ? "tls" : "nats", o.cluster().host(), cluster));
        }
        int ws = server.websocketPort();
        if (ws > 0) {
            field(sb, "websocket", urls(o.websocket().scheme(), o.websocket().host(), ws));
        }
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, List<String> urls) {
        if (urls.isEmpty()) {
            return;
        }
        if (sb.length() > 1) {
            sb.append(',');
        }
        sb.append('"').append(name).append("\":[");
        for (int i = 0; i < urls.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            // URLs of IP literals and ports need no JSON escaping
            sb.append('"').append(urls.get(i)).append('"');
        }
        sb.append(']');
    }

    static List<String> urls(String scheme, String host, int port) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : addresses(host)) {
            out.add(scheme + "://" + hostPort(a, port));
        }
        return out;
    }

    private static List<InetAddress> addresses(String host) {
        InetAddress bound;
        try {
            bound = InetAddress.getByName(host == null || host.isEmpty() ? "0.0.0.0" : host);
        } catch (UnknownHostException e) {
            return List.of();
        }
        if (!bound.isAnyLocalAddress()) {
            return List.of(bound);
        }
        List<InetAddress> all = new ArrayList<>();
        try {
            List<NetworkInterface> ifaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            ifaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (NetworkInterface ni : ifaces) {
                List<InetAddress> mine = new ArrayList<>();
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    mine.add(ia.getAddress());
                }
                mine.sort(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
                all.addAll(mine);
            }
        } catch (SocketException e) {
            return List.of(bound);
        }
        return all;
    }

    private static String hostPort(InetAddress a, int port) {
        return a instanceof Inet6Address ? "[" + Ipv6Text.format(a.getAddress()) + "]:" + port : a.getHostAddress() + ":" + port;
    }
}
