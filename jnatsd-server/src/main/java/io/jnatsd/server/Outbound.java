package io.jnatsd.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A connection's pending outbound bytes. Publishers on any event loop append under
 * {@code this} monitor (the one small lock of the delivery path); the owning event loop
 * takes the accumulated buffer and writes it to the channel in one flush.
 */
public final class Outbound {
    private static final int INITIAL_CAPACITY = 1024;
    /** Largest capacity asked for up front; beyond it the buffer grows as needed. */
    private static final int MAX_HINT = 1024 * 1024;

    private final ByteBufAllocator alloc;
    /** Accumulated bytes not yet handed to the channel; null when empty. Guarded by this. */
    private ByteBuf buf;
    /** Size of the last flushed batch: the next buffer starts that big, so it rarely grows. */
    private int sizeHint = INITIAL_CAPACITY;

    public Outbound(ByteBufAllocator alloc) {
        this.alloc = alloc;
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
