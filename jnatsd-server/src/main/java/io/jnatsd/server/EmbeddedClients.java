package io.jnatsd.server;

import io.netty.channel.ChannelHandler;

/**
 * For benchmarks and tests: client connections of a {@link NatsServer} hosted on channels that
 * the caller makes, such as Netty's {@code EmbeddedChannel}, with no socket and no event loop
 * group. The server need not be started; connections join its subject index and client table
 * exactly as accepted ones do.
 *
 * <p>The channel must report an {@link java.net.InetSocketAddress} (or null) as its remote
 * address, and its allocator should be {@link io.netty.buffer.PooledByteBufAllocator#DEFAULT}
 * as on the server's own channels; set both before the channel becomes active. Not for
 * production code.
 */
public final class EmbeddedClients {
    private EmbeddedClients() {
    }

    /**
     * A new instance of the handler the server puts in every client pipeline. It creates the
     * connection (and sends INFO) when the channel becomes active; inbound ByteBufs are
     * consumed and released, outbound bytes are written to the channel.
     */
    public static ChannelHandler newClientHandler(NatsServer server) {
        return new ClientChannelHandler(server);
    }
}
