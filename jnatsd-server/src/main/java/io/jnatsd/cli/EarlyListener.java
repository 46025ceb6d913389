package io.jnatsd.cli;

import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.LoadedConfig;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.server.Prebound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * Binds the client port first thing, with only the JDK and the config reader loaded, so tools
 * that start the server and probe its port ~100 ms later find it accepting. Connections wait
 * in the kernel backlog until the server adopts the socket. Any doubt (help, check, signal,
 * random port, unreadable config) means "no early bind": the normal start then binds.
 */
final class EarlyListener {
    private static final int BACKLOG = 1024;

    private EarlyListener() {
    }

    static Prebound tryBind(String[] args) {
        String host = null;
        String port = null;
        String config = null;
        String pid = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("-") && eq > 0) {
                name = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help", "-v", "--version", "-t", "-sl", "--signal" -> {
                    return null;
                }
                case "-a", "--addr", "--net" -> host = inline != null ? inline : next(args, ++i);
                case "-p", "--port" -> port = inline != null ? inline : next(args, ++i);
                case "-c", "--config" -> config = inline != null ? inline : next(args, ++i);
                case "-P", "--pid" -> pid = inline != null ? inline : next(args, ++i);
                default -> {
                    // other flags do not change where clients connect
                }
            }
        }
        try {
            String h = ServerOptions.DEFAULT_HOST;
            int p = ServerOptions.DEFAULT_PORT;
            if (config != null) {
                LoadedConfig lc = ConfigFile.load(Path.of(config));
                h = lc.host();
                p = lc.port();
                if (pid == null && lc.options().pidFile() != null) {
                    pid = lc.options().pidFile().toString();
                }
            }
            if (host != null) {
                h = host;
            }
            if (port != null) {
                p = Integer.parseInt(port.trim());
            }
            if (p == 0) {
                p = ServerOptions.DEFAULT_PORT;
            }
            if (p < 0) {
                return null;
            }
            InetAddress addr = InetAddress.getByName(h);
            // an IPv4 host gets an IPv4 socket, so its address compares equal to the options'
            ServerSocketChannel ch = addr instanceof Inet4Address
                    ? ServerSocketChannel.open(StandardProtocolFamily.INET)
                    : ServerSocketChannel.open(StandardProtocolFamily.INET6);
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(new InetSocketAddress(addr, p), BACKLOG);
            } catch (Exception e) {
                ch.close();
                return null;
            }
            if (pid != null) {
                // as nats-server: the pid file exists by the time the port accepts, so a script
                // that waits for the port can signal the server (written again, same pid, later)
                PidFile.write(Path.of(pid));
            }
            return new Prebound(ch);
        } catch (Exception e) {
            return null; // the normal path reports whatever is wrong
        }
    }

    private static String next(String[] args, int i) {
        return i < args.length ? args[i] : null;
    }
}
