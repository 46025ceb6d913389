package io.jnatsd.log;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Syslog over a stream socket, TCP or unix: the messages back to back, each ending in a newline
 * and with no octet-count framing, as Go's log/syslog sends them. Blocking writes: only the
 * syslog sender thread calls {@link #send}, so a stalled daemon stalls no one else.
 */
final class StreamTransport implements SyslogTransport {

    private final SocketChannel channel;

    private StreamTransport(SocketChannel channel) {
        this.channel = channel;
    }

    static StreamTransport connectTcp(String host, int port, Duration timeout) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        SocketChannel channel = SocketChannel.open();
        try {
            // The socket adaptor is the only way to bound a blocking connect.
            channel.socket().connect(address, (int) Math.max(1, timeout.toMillis()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new StreamTransport(channel);
    }

    static StreamTransport connectUnix(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new StreamTransport(channel);
    }

    @Override
    public void send(byte[] message) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the daemon is gone or going; nothing to recover
        }
    }
}
