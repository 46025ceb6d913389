package io.jnatsd.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection's pending outbound bytes and their flushing. Publishers on any event loop
 * append under {@code this} monitor (the one small lock of the delivery path) and then ask for
 * a flush; the channel's event loop takes the accumulated buffer and writes it in one flush.
 * Shared by client and route connections.
 */
public final class Outbound {
    private static final int INITIAL_CAPACITY = 1024;
    /** Largest capacity asked for up front; beyond it the buffer grows as needed. */
    private static final int MAX_HINT = 1024 * 1024;

    private final ByteBufAllocator alloc;
    private final Channel channel;
    private final EventLoop loop;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushFromTask;
    /** The channel's own queue, read for pending bytes from any thread (its size is volatile). */
    private ChannelOutboundBuffer channelQueue;
    /** Accumulated bytes not yet handed to the channel; null when empty. Guarded by this. */
    private ByteBuf buf;
    /** Size of the last flushed batch: the next buffer starts that big, so it rarely grows. */
    private int sizeHint = INITIAL_CAPACITY;

    public Outbound(Channel channel) {
        this.channel = channel;
        this.alloc = channel.alloc();
        this.loop = channel.eventLoop();
    }

    /** Call once the channel is active (its outbound queue exists from then on). */
    public void channelActive() {
        channelQueue = channel.unsafe().outboundBuffer();
    }

    /** Bytes queued here plus bytes the channel has not written yet. Caller holds the monitor. */
    public long pending() {
        ChannelOutboundBuffer q = channelQueue;
        return queued() + (q == null ? 0 : q.totalPendingWriteBytes());
    }

    /** Writes what is queued: now on the channel's loop, else by a task (one at a time). Any thread. */
    public void requestFlush() {
        if (loop.inEventLoop()) {
            flush();
        } else if (flushScheduled.compareAndSet(false, true)) {
            loop.execute(flushTask);
        }
    }

    private void flushFromTask() {
        flushScheduled.set(false); // before taking: a later append schedules another flush
        flush();
    }

    /** Hands the accumulated bytes to the channel. Event loop only. */
    public void flush() {
        if (!channel.isOpen()) {
            return;
        }
        ByteBuf b = take();
        if (b != null) {
            channel.writeAndFlush(b, channel.voidPromise());
        }
    }

    /** The buffer to append to, created on demand. Caller holds the monitor. */
    public ByteBuf buffer(int minWritable) {
        ByteBuf b = buf;
        if (b == null) {
            b = alloc.directBuffer(Math.max(sizeHint, minWritable));
            buf = b;
        }
        return b;
    }

    /** Bytes waiting here. Caller holds the monitor. */
    public int queued() {
        ByteBuf b = buf;
        return b == null ? 0 : b.readableBytes();
    }

    /** Removes and returns what was accumulated, or null. */
    public synchronized ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        if (b != null) {
            sizeHint = Math.max(INITIAL_CAPACITY, Math.min(MAX_HINT, b.readableBytes()));
        }
        if (b != null && !b.isReadable()) {
            b.release();
            return null;
        }
        return b;
    }

    /** Drops everything (the connection is gone). */
    public synchronized void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
