package io.jnatsd.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads as Netty {@code FastThreadLocalThread}s, like the server's event loops,
 * so that Netty's per-thread caches (Recycler pools, pooled-allocator thread caches, the
 * handler's scratch array) behave as in production. JMH picks it up through
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.jnatsd.bench.NettyThreadExecutor}, which
 * every benchmark here passes to its fork (see {@link Jvm}).
 */
public final class NettyThreadExecutor extends ThreadPoolExecutor {

    /** The constructor JMH calls reflectively. */
    public NettyThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
