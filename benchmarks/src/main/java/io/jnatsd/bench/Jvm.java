package io.jnatsd.bench;

/** JVM flags of every benchmark fork, as annotation constants. */
final class Jvm {
    private Jvm() {
    }

    /** Benchmark threads are FastThreadLocalThreads, like the server's event loops. */
    static final String EXECUTOR = "-Djmh.executor=CUSTOM";
    static final String EXECUTOR_CLASS = "-Djmh.executor.class=io.jnatsd.bench.NettyThreadExecutor";
    /** The collector the jnatsd launcher uses. */
    static final String GC = "-XX:+UseParallelGC";
    /** A fixed heap, so heap resizing does not add noise. */
    static final String XMS = "-Xms1g";
    static final String XMX = "-Xmx1g";
}
