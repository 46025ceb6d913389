package io.jnatsd.server;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * A client listener bound with the JDK before the rest of the server has loaded, so the port
 * accepts connections (held in the kernel backlog) within milliseconds of process start.
 * The server adopts it: NIO takes the channel itself; epoll takes its file descriptor, which
 * needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (the launcher passes it).
 */
public final class Prebound {
    private final ServerSocketChannel jdk;
    private volatile boolean adopted;

    public Prebound(ServerSocketChannel jdk) {
        this.jdk = jdk;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) jdk.getLocalAddress();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** True once a server took the socket over (it then owns and closes it). */
    public boolean adopted() {
        return adopted;
    }

    /** Wraps the bound socket in the transport's server channel, or returns null if it cannot. */
    ServerChannel adopt() {
        if (!Transport.epoll()) {
            adopted = true;
            return new NioServerSocketChannel(jdk);
        }
        int fd = fdOf(jdk);
        if (fd < 0) {
            return null;
        }
        adopted = true;
        return new EpollServerSocketChannel(fd);
    }

    /** Gives the socket up when the server binds another way. */
    public void close() {
        try {
            jdk.close();
        } catch (java.io.IOException e) {
            // nothing was using it
        }
    }

    private static int fdOf(ServerSocketChannel ch) {
        try {
            Field f = ch.getClass().getDeclaredField("fdVal");
            f.setAccessible(true);
            return f.getInt(ch);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1; // module not opened: the caller falls back to binding with Netty
        }
    }
}
