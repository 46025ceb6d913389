package io.jnatsd.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Knows where a syslog daemon may listen and connects to the first place that answers, for the
 * first connection and for every reconnect. Thread-safe.
 */
final class SyslogConnector implements AutoCloseable {

    /** Bounds a TCP connect, and a unix datagram connect or send, so the sender never hangs. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private final List<SyslogAddress> candidates;
    private final String description;
    private final UnixDatagramTransport.Opener datagrams = new UnixDatagramTransport.Opener(IO_TIMEOUT);

    private SyslogConnector(List<SyslogAddress> candidates, String description) {
        this.candidates = List.copyOf(candidates);
        this.description = description;
    }

    /**
     * The remote_syslog target. For {@code unix://} the stream socket nats-server dials is tried
     * first, then a datagram one, since /dev/log-style sockets are datagram sockets.
     */
    static SyslogConnector remote(SyslogAddress address) {
        List<SyslogAddress> candidates = address.network() == SyslogAddress.Network.UNIX_STREAM
                ? List.of(address, SyslogAddress.unixDatagram(address.path()))
                : List.of(address);
        return new SyslogConnector(candidates, address.toString());
    }

    /** The local daemon: each path as a datagram socket, then as a stream one (Go's order). */
    static SyslogConnector local(List<Path> paths) {
        List<SyslogAddress> candidates = new ArrayList<>();
        StringJoiner names = new StringJoiner(", ", "local syslog (", ")");
        for (Path path : paths) {
            candidates.add(SyslogAddress.unixDatagram(path));
            candidates.add(SyslogAddress.unixStream(path));
            names.add(path.toString());
        }
        return new SyslogConnector(candidates, names.toString());
    }

    /**
     * @throws IOException naming every place tried and why it failed
     */
    SyslogTransport connect() throws IOException {
        if (candidates.isEmpty()) {
            throw new IOException("no syslog socket configured");
        }
        List<IOException> failures = new ArrayList<>();
        for (SyslogAddress candidate : candidates) {
            try {
                return open(candidate);
            } catch (IOException | RuntimeException e) {
                failures.add(e instanceof IOException io ? io : new IOException(e));
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        StringJoiner reasons = new StringJoiner("; ");
        for (int i = 0; i < failures.size(); i++) {
            reasons.add(candidates.get(i) + ": " + failures.get(i).getMessage());
        }
        IOException failure = new IOException(reasons.toString());
        failures.forEach(failure::addSuppressed);
        throw failure;
    }

    private SyslogTransport open(SyslogAddress address) throws IOException {
        return switch (address.network()) {
            case UDP -> UdpTransport.connect(address.host(), address.port());
            case TCP -> StreamTransport.connectTcp(address.host(), address.port(), IO_TIMEOUT);
            case UNIX_STREAM -> StreamTransport.connectUnix(address.path());
            case UNIX_DATAGRAM -> datagrams.open(address.path());
        };
    }

    /** For messages: the URL, or the local socket paths. */
    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        datagrams.close();
    }
}
