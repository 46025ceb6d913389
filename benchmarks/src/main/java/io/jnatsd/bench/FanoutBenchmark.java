package io.jnatsd.bench;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.server.NatsServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The in-process delivery path: one publisher connection and {@code subscribers} subscriber
 * connections of a (not started) {@link NatsServer}, each on an {@link EmbeddedClient} running
 * the server's own client handler. One operation is one published message: the publisher's
 * read is parsed, matched (connection cache hit), delivered into every subscriber's outbound
 * buffer, flushed at the end of the read batch, written to the subscriber channels and then
 * drained and released here (as a socket write would consume it), so memory stays flat.
 *
 * <p>{@code perRead1}: one PUB per read, so each message pays one flush per subscriber.
 * {@code perRead32}: 32 pipelined PUBs per read and one flush per subscriber for all of them.
 * The read is a direct buffer, as the server's pooled allocator hands out, so the handler's
 * copy into its scratch array is included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.EXECUTOR, Jvm.EXECUTOR_CLASS, Jvm.GC, Jvm.XMS, Jvm.XMX})
public class FanoutBenchmark {
    static final int BATCH = 32;
    static final String SUBJECT = "bench.fanout";

    @Param({"1", "10"})
    public int subscribers;

    @Param({"16", "1024"})
    public int payload;

    NatsServer server;
    EmbeddedClient publisher;
    EmbeddedClient[] subs;
    ByteBuf one;
    ByteBuf batch;
    /** Bytes one message puts on all subscribers' wires together: MSG lines, payloads, CRLFs. */
    long fanoutBytes;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        if (Thread.currentThread().getName().contains("jmh-worker")) {
            // JMH's own threads: the fork lost -Djmh.executor (a command-line -jvmArgsAppend replaces @Fork's)
            System.err.println("WARNING: not on a FastThreadLocalThread: Netty's Recycler does not pool here, so"
                    + " B/op is inflated. Pass extra JVM flags with -jvmArgsPrepend, not -jvmArgsAppend.");
        }
        ServerOptions options = ServerOptions.builder()
                .pingInterval(Duration.ofHours(1)) // belt and braces: the channels' clocks are frozen anyway
                .build();
        server = new NatsServer(options);
        publisher = new EmbeddedClient(server);
        publisher.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"protocol\":1}\r\n");
        subs = new EmbeddedClient[subscribers];
        for (int i = 0; i < subscribers; i++) {
            subs[i] = new EmbeddedClient(server);
            subs[i].send("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"protocol\":1}\r\n"
                    + "SUB " + SUBJECT + " " + (i + 1) + "\r\n");
        }
        for (EmbeddedClient c : all()) {
            String text = c.drainText();
            if (!text.startsWith("INFO ")) {
                throw new IllegalStateException("expected INFO, got " + text);
            }
        }
        if (server.sublist().count() != subscribers) {
            throw new IllegalStateException("subscriptions: " + server.sublist().count());
        }
        byte[] pub = ParserBenchmark.pub(SUBJECT, payload);
        one = Unpooled.directBuffer(pub.length).writeBytes(pub);
        batch = Unpooled.directBuffer(pub.length * BATCH)
                .writeBytes(ParserBenchmark.pipelinedPubs(SUBJECT, payload, BATCH));
        for (int i = 0; i < subscribers; i++) {
            fanoutBytes += ("MSG " + SUBJECT + " " + (i + 1) + " " + payload + "\r\n").length() + payload + 2;
        }
        check(perRead1(), 1);
        check(perRead32(), BATCH);
    }

    private void check(long got, int messages) {
        long want = fanoutBytes * messages;
        if (got != want) {
            throw new IllegalStateException("delivered " + got + " bytes, expected " + want);
        }
    }

    @Benchmark
    public long perRead1() {
        return publish(one);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long perRead32() {
        return publish(batch);
    }

    private long publish(ByteBuf read) {
        read.retain(); // the handler releases each read, as it must a socket's
        ChannelPipeline p = publisher.pipeline();
        p.fireChannelRead(read);
        p.fireChannelReadComplete(); // end of the read batch: subscribers are flushed
        long n = 0;
        for (EmbeddedClient s : subs) {
            n += s.drain();
        }
        return n;
    }

    /** Nothing may pile up between iterations: no task, no unread output, no recorded error. */
    @TearDown(Level.Iteration)
    public void checkFlat() {
        for (EmbeddedClient c : all()) {
            c.runPendingTasks();
            c.checkException();
            if (c.drain() != 0) {
                throw new IllegalStateException("output left behind");
            }
        }
        if (one.refCnt() != 1 || batch.refCnt() != 1) {
            throw new IllegalStateException("read buffers leaked or over-released");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (EmbeddedClient c : all()) {
            c.finishAndReleaseAll();
        }
        one.release();
        batch.release();
    }

    private EmbeddedClient[] all() {
        EmbeddedClient[] a = new EmbeddedClient[subs.length + 1];
        a[0] = publisher;
        System.arraycopy(subs, 0, a, 1, subs.length);
        return a;
    }
}
