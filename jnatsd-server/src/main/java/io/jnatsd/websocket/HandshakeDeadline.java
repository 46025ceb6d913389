package io.jnatsd.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a websocket connection, without a word, that has not completed its upgrade (TLS
 * handshake included) in time, as nats-server's {@code handshake_timeout} (the read timeout of
 * its HTTP server) does. The upgrade removes this handler, which cancels the timer.
 *
 * <p>Threading: one instance per connection, on its event loop.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {

    private final long nanos;
    private ScheduledFuture<?> timer;

    HandshakeDeadline(long nanos) {
        this.nanos = nanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                ctx.close();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
