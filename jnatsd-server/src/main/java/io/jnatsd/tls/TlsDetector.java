package io.jnatsd.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * For {@code allow_non_tls}: tells a client that starts TLS from one that speaks NATS in plain
 * text, by the first byte it sends after the plain-text INFO, as nats-server's createClient
 * does. A TLS ClientHello is a handshake record, whose first byte is 0x16; anything else is plain
 * text, and so is a client that sends nothing within the TLS timeout.
 *
 * <p>Once it has decided, the detector removes itself, reports the decision (which may put the
 * TLS handler at the head of the pipeline) and then replays the bytes it read from the head, so
 * that they go through whatever the decision installed. nats-server reads up to 4 bytes before
 * deciding; only the first counts, so jnatsd decides on the first read.
 *
 * <p>Threading: one instance per channel, all on the channel's event loop.
 */
public final class TlsDetector extends ChannelInboundHandlerAdapter {

    /** Pipeline name of the detector, in front of the NATS handler until it has decided. */
    public static final String HANDLER_NAME = "tls-detector";
    /** TLS record content type "handshake": the first byte of a ClientHello. */
    private static final byte HANDSHAKE_RECORD = 0x16;

    /** Told once, on the event loop, which way the client went. */
    @FunctionalInterface
    public interface Decision {
        /**
         * @param startsTls true when the client's first byte opens a TLS handshake; false for plain
         *                  text or when it sent nothing within the timeout
         */
        void decided(boolean startsTls);
    }

    private final long timeoutNanos;
    private final Decision decision;
    private ScheduledFuture<?> timer;
    /** Set once decided or closed: the timer and later reads no longer count. */
    private boolean done;

    private TlsDetector(Duration timeout, Decision decision) {
        this.timeoutNanos = Math.max(1, timeout.toNanos());
        this.decision = decision;
    }

    /**
     * Puts a detector in front of the pipeline of an active client channel. {@code decision} runs
     * exactly once, unless the channel closes first. Event loop only.
     */
    public static void install(Channel ch, Duration timeout, Decision decision) {
        ch.pipeline().addFirst(HANDLER_NAME, new TlsDetector(timeout, decision));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> decide(ctx, false, null), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!in.isReadable()) {
            in.release();
            return;
        }
        decide(ctx, in.getByte(in.readerIndex()) == HANDSHAKE_RECORD, in);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    /** @param first the bytes read so far, replayed after the decision; null on timeout */
    private void decide(ChannelHandlerContext ctx, boolean startsTls, ByteBuf first) {
        if (done) {
            if (first != null) {
                first.release();
            }
            return;
        }
        stop();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(this);
        try {
            decision.decided(startsTls);
        } finally {
            if (first != null) {
                pipeline.fireChannelRead(first);
            }
        }
    }

    private void stop() {
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
