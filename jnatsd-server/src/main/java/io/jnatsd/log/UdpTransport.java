package io.jnatsd.log;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Syslog over UDP: one datagram per message on a connected socket. Connecting lets the kernel
 * report ICMP port-unreachable as an error on a later send, which triggers a reconnect.
 */
final class UdpTransport implements SyslogTransport {

    private final DatagramChannel channel;

    private UdpTransport(DatagramChannel channel) {
        this.channel = channel;
    }

    /** Resolves {@code host} now, so a DNS change is picked up by the next reconnect. */
    static UdpTransport connect(String host, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.connect(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new UdpTransport(channel);
    }

    @Override
    public void send(byte[] message) throws IOException {
        channel.write(ByteBuffer.wrap(message));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a datagram socket cannot lose anything
        }
    }
}
