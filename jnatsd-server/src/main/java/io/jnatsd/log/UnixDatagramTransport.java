package io.jnatsd.log;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Syslog over a unix datagram socket, the kind /dev/log is. The JDK (17) has no unix datagram
 * sockets, so this uses Netty's epoll {@link EpollDomainDatagramChannel}; {@link #send} waits
 * (bounded) for the write to complete so failures surface to the sender like the JDK ones do.
 */
final class UnixDatagramTransport implements SyslogTransport {

    /**
     * The socket only sends, and send failures arrive through the write future; without this,
     * Netty would print its own warning for an inbound error (e.g. the daemon went away).
     */
    private static final ChannelInboundHandlerAdapter QUIET = new Quiet();

    private final Channel channel;
    private final Duration timeout;

    private UnixDatagramTransport(Channel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
    }

    @Override
    public void send(byte[] message) throws IOException {
        ChannelFuture write = channel.writeAndFlush(Unpooled.wrappedBuffer(message));
        await(write, "sending to " + channel.remoteAddress());
    }

    @Override
    public void close() {
        channel.close();
    }

    private void await(ChannelFuture future, String what) throws IOException {
        try {
            if (!future.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("timed out " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted " + what);
        }
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
    }

    @ChannelHandler.Sharable
    private static final class Quiet extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // reported by the failed write, if it matters
        }
    }

    /**
     * Opens datagram sockets on one lazily started event-loop thread (a daemon), shared by the
     * reconnects of one logger and stopped by {@link #close}. Thread-safe.
     */
    static final class Opener implements AutoCloseable {

        private final Duration timeout;
        private EventLoopGroup group;
        private boolean closed;

        Opener(Duration timeout) {
            this.timeout = timeout;
        }

        UnixDatagramTransport open(Path path) throws IOException {
            EventLoopGroup loop = group();
            ChannelFuture connect = new Bootstrap()
                    .group(loop)
                    .channel(EpollDomainDatagramChannel.class)
                    .handler(QUIET)
                    .connect(new DomainSocketAddress(path.toString()));
            UnixDatagramTransport transport = new UnixDatagramTransport(connect.channel(), timeout);
            try {
                transport.await(connect, "connecting to " + path);
            } catch (IOException e) {
                connect.channel().close();
                throw e;
            }
            return transport;
        }

        private synchronized EventLoopGroup group() throws IOException {
            if (closed) {
                throw new IOException("logger closed");
            }
            if (!Epoll.isAvailable()) {
                throw new IOException("unix datagram sockets need Netty's native epoll transport: "
                        + Epoll.unavailabilityCause());
            }
            if (group == null) {
                group = new MultiThreadIoEventLoopGroup(1,
                        new DefaultThreadFactory("jnatsd-syslog-io", true), EpollIoHandler.newFactory());
            }
            return group;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }
}
