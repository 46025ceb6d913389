package io.jnatsd.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A connection's pending outbound bytes. Publishers on any event loop append under
 * {@code this} monitor (the one small lock of the delivery path); the owning event loop
 * takes the accumulated buffer and writes it to the channel in one flush.
 */
final class Outbound {
    private static final int INITIAL_CAPACITY = 1024;

    private final ByteBufAllocator alloc;
    /** Accumulated bytes not yet handed to the channel; null when empty. Guarded by this. */
    private ByteBuf buf;

    Outbound(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** The buffer to append to, created on demand. Caller holds the monitor. */
    ByteBuf buffer(int minWritable) {
        ByteBuf b = buf;
        if (b == null) {
            b = alloc.directBuffer(Math.max(INITIAL_CAPACITY, minWritable));
            buf = b;
        }
        return b;
    }

    /** Bytes waiting here. Caller holds the monitor. */
    int queued() {
        ByteBuf b = buf;
        return b == null ? 0 : b.readableBytes();
    }

    /** Removes and returns what was accumulated, or null. */
    synchronized ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        if (b != null && !b.isReadable()) {
            b.release();
            return null;
        }
        return b;
    }

    /** Drops everything (the connection is gone). */
    synchronized void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
