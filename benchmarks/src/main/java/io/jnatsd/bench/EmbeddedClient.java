package io.jnatsd.bench;

import io.jnatsd.server.EmbeddedClients;
import io.jnatsd.server.NatsServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client connection of a {@link NatsServer} on an {@link EmbeddedChannel}: the server's own
 * client handler, no socket. What the test writes in goes through the handler as a socket read
 * would; what the server writes out collects in {@link #outboundMessages()} until drained.
 */
final class EmbeddedClient extends EmbeddedChannel {
    private static final AtomicInteger PORTS = new AtomicInteger(50000);

    /** ClientConnection wants an InetSocketAddress; EmbeddedChannel's own address is not one. */
    private final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", PORTS.incrementAndGet());

    EmbeddedClient(NatsServer server) throws Exception {
        super(false, false, EmbeddedClients.newClientHandler(server)); // registered below
        config().setAllocator(PooledByteBufAllocator.DEFAULT); // as the server's child channels
        register(); // channelActive: the connection is created and queues INFO
        freezeTime(); // timers armed from now on (the first PING after CONNECT) never come due
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    /** Sends protocol text as one read (channelRead then channelReadComplete). */
    void send(String text) {
        ByteBuf b = alloc().directBuffer();
        b.writeCharSequence(text, StandardCharsets.US_ASCII);
        writeInbound(b);
        checkException();
    }

    /** Releases everything the server wrote; returns the byte count. Allocates nothing. */
    long drain() {
        long n = 0;
        Object m;
        while ((m = outboundMessages().poll()) != null) {
            ByteBuf b = (ByteBuf) m;
            n += b.readableBytes();
            b.release();
        }
        return n;
    }

    /** Everything the server wrote, as text, released. Set-up and checks only. */
    String drainText() {
        StringBuilder sb = new StringBuilder();
        Object m;
        while ((m = outboundMessages().poll()) != null) {
            ByteBuf b = (ByteBuf) m;
            sb.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return sb.toString();
    }
}
