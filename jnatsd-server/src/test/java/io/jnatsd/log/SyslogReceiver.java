package io.jnatsd.log;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A syslog daemon for tests: listens on an OS-chosen port or a socket path and queues what
 * arrives, one entry per datagram or, on streams, per newline-terminated line (newline kept),
 * so tests can compare exact bytes.
 */
abstract class SyslogReceiver implements AutoCloseable {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    /** The remote_syslog URL that reaches this receiver. */
    abstract String url();

    /** Waits (bounded) for {@code n} messages and returns them in arrival order. */
    List<String> await(int n, Duration timeout) throws InterruptedException {
        List<String> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < n) {
            String message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                fail("received " + messages.size() + " of " + n + " messages within " + timeout + ": " + messages);
            }
            messages.add(message);
        }
        return messages;
    }

    @Override
    public abstract void close() throws Exception;

    static SyslogReceiver udp() throws IOException {
        return new Udp();
    }

    static SyslogReceiver tcp() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new Stream(server, "tcp://127.0.0.1:" + port);
    }

    /** A TCP receiver on a given port, for a daemon that comes back where it was. */
    static SyslogReceiver tcp(int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new Stream(server, "tcp://127.0.0.1:" + port);
    }

    static SyslogReceiver unixStream(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return new Stream(server, "unix://" + path);
    }

    static SyslogReceiver unixDatagram(Path path) throws InterruptedException {
        return new UnixDatagram(path);
    }

    private static final class Udp extends SyslogReceiver {
        private final DatagramSocket socket;
        private final Thread reader;

        Udp() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            reader = new Thread(this::read, "syslog-receiver-udp");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            byte[] buffer = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    received.add(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        String url() {
            return "udp://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(5000);
        }
    }

    /** TCP or unix stream: accepts connections one after another (the logger may reconnect). */
    private static final class Stream extends SyslogReceiver {
        private final ServerSocketChannel server;
        private final String url;
        private final Thread reader;
        private volatile SocketChannel current;

        Stream(ServerSocketChannel server, String url) {
            this.server = server;
            this.url = url;
            reader = new Thread(this::acceptAndRead, "syslog-receiver-stream");
            reader.setDaemon(true);
            reader.start();
        }

        private void acceptAndRead() {
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            StringBuilder pending = new StringBuilder();
            while (server.isOpen()) {
                try (SocketChannel connection = server.accept()) {
                    current = connection;
                    while (connection.read(buffer) >= 0) {
                        buffer.flip();
                        pending.append(StandardCharsets.UTF_8.decode(buffer));
                        buffer.clear();
                        int newline;
                        while ((newline = pending.indexOf("\n")) >= 0) {
                            received.add(pending.substring(0, newline + 1));
                            pending.delete(0, newline + 1);
                        }
                    }
                } catch (IOException e) {
                    // closed by the test, or the logger dropped the connection: accept again
                }
            }
        }

        @Override
        String url() {
            return url;
        }

        /** Stops accepting and cuts the current connection, like a daemon that died. */
        @Override
        public void close() throws Exception {
            server.close();
            SocketChannel connection = current;
            if (connection != null) {
                connection.close();
            }
            reader.join(5000);
        }
    }

    private static final class UnixDatagram extends SyslogReceiver {
        private final EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        private final Channel channel;
        private final Path path;

        UnixDatagram(Path path) throws InterruptedException {
            this.path = path;
            channel = new Bootstrap()
                    .group(group)
                    .channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            received.add(new String(ByteBufUtil.getBytes(packet.content()), StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(path.toString()))
                    .sync()
                    .channel();
        }

        @Override
        String url() {
            return "unix://" + path;
        }

        @Override
        public void close() throws InterruptedException {
            channel.close().await(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** A loopback port that nothing listens on (just released). */
    static int freePort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }
}
