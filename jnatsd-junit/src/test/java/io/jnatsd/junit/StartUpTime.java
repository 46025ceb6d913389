package io.jnatsd.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.protocol.ConnectReader;
import io.jnatsd.server.NatsServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long an in-process server takes to become usable: from {@code new NatsServer(..)}
 * to {@code start()} returning, to a raw socket reading INFO, to the PONG answering
 * {@code CONNECT}+{@code PING}; and how long {@code close()} takes. The first start is reported
 * on its own (cold), then warm-up rounds, then the measured rounds. A second part times the Netty
 * pieces the server's start and close are made of, with several event loop counts.
 *
 * <p>A program, not a test: it prints figures and asserts nothing. See docs/PERFORMANCE.md.
 *
 * <pre>java ... io.jnatsd.junit.StartUpTime [rounds=50] [warmUpRounds=20]</pre>
 *
 * <p>With {@code cold} as the only argument it times, in this fresh JVM, the first use of each
 * library the first start loads (native epoll, the pooled allocator, Jackson), then the first
 * start itself, so that a cold start can be split by cause. Run it in several fresh JVMs.
 */
public final class StartUpTime {

    private static final byte[] CONNECT_PING =
            "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SOCKET_TIMEOUT_MS = 5_000;

    private StartUpTime() {
    }

    /** One start, use and stop, in nanoseconds from {@code new NatsServer}. */
    private record Round(long constructed, long started, long info, long pong, long closed) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("cold")) {
            coldBreakdown();
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ServerOptions options = ServerOptions.builder().host("127.0.0.1").port(0).build();

        System.out.printf(Locale.ROOT, "java %s, %d processors, transport %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Epoll.isAvailable() ? "epoll" : "nio");
        Round cold = round(options);
        System.out.println("cold (first start in this JVM):");
        print(new Round[] {cold});
        for (int i = 0; i < warmUp; i++) {
            round(options);
        }
        Round[] measured = new Round[rounds];
        for (int i = 0; i < rounds; i++) {
            measured[i] = round(options);
        }
        System.out.printf(Locale.ROOT, "warm (%d rounds after %d warm-up rounds):%n", rounds, warmUp);
        print(measured);

        System.out.println();
        System.out.println("Netty pieces, warm (" + rounds + " rounds each):");
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cpus, 16, 64}) {
            nettyPieces(threads, rounds, warmUp);
        }
    }

    /** Each step's first use, in start-up order, in a JVM that has run nothing else. */
    private static void coldBreakdown() throws Exception {
        long t0 = System.nanoTime();
        boolean epoll = Epoll.isAvailable();
        long t1 = System.nanoTime();
        PooledByteBufAllocator.DEFAULT.buffer(64).release();
        long t2 = System.nanoTime();
        byte[] connect = "{\"verbose\":false}".getBytes(StandardCharsets.US_ASCII);
        ConnectReader.read(connect, 0, connect.length);
        long t3 = System.nanoTime();
        new ObjectMapper().writeValueAsBytes(java.util.Map.of("server_id", "x", "port", 1));
        long t4 = System.nanoTime();
        Round r = round(ServerOptions.builder().host("127.0.0.1").port(0).build());
        System.out.printf(Locale.ROOT, "cold, %s: epoll check %.1f, allocator %.1f, CONNECT JSON read %.1f,"
                        + " INFO JSON write %.1f; then new %.1f, start() %.1f, INFO %.1f, PONG %.1f, close %.1f ms%n",
                epoll ? "epoll" : "nio", ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(r.constructed()),
                ms(r.started()), ms(r.info()), ms(r.pong()), ms(r.closed()));
    }

    private static Round round(ServerOptions options) throws IOException {
        long t0 = System.nanoTime();
        NatsServer server = new NatsServer(options, Log.NONE);
        long constructed = System.nanoTime();
        server.start();
        long started = System.nanoTime();
        long info;
        long pong;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), SOCKET_TIMEOUT_MS);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLineStartingWith(in, "INFO ");
            info = System.nanoTime();
            out.write(CONNECT_PING);
            out.flush();
            readLineStartingWith(in, "PONG");
            pong = System.nanoTime();
        }
        long closeStart = System.nanoTime();
        server.close();
        long closed = System.nanoTime();
        return new Round(constructed - t0, started - t0, info - t0, pong - t0, closed - closeStart);
    }

    /** Reads lines until one starts with {@code prefix}; the socket timeout bounds the wait. */
    private static void readLineStartingWith(InputStream in, String prefix) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before " + prefix.trim());
            }
            if (b == '\n') {
                if (line.toString().startsWith(prefix)) {
                    return;
                }
                line.setLength(0);
            } else if (b != '\r') {
                line.append((char) b);
            }
        }
    }

    private static void print(Round[] rounds) {
        row("new NatsServer(..)", rounds, Round::constructed);
        row("start() returned", rounds, Round::started);
        row("INFO read by a client", rounds, Round::info);
        row("PONG after CONNECT+PING", rounds, Round::pong);
        row("close()", rounds, Round::closed);
    }

    private interface Metric {
        long of(Round r);
    }

    private static void row(String what, Round[] rounds, Metric m) {
        long[] v = new long[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            v[i] = m.of(rounds[i]);
        }
        printRow(what, v);
    }

    private static void printRow(String what, long[] nanos) {
        long[] v = nanos.clone();
        Arrays.sort(v);
        if (v.length == 1) {
            System.out.printf(Locale.ROOT, "  %-34s %8.2f ms%n", what, ms(v[0]));
            return;
        }
        System.out.printf(Locale.ROOT, "  %-34s min %7.2f  median %7.2f  p90 %7.2f  max %7.2f ms%n", what,
                ms(v[0]), ms(v[v.length / 2]), ms(v[(int) Math.ceil(v.length * 0.9) - 1]), ms(v[v.length - 1]));
    }

    /**
     * What NatsServer.start() and close() do with Netty, timed apart: create the event loop
     * group, bind a listener (starts one loop thread), close it and shut the group down.
     */
    private static void nettyPieces(int threads, int rounds, int warmUp) throws InterruptedException {
        long[] create = new long[rounds];
        long[] bind = new long[rounds];
        long[] shutdown = new long[rounds];
        for (int i = -warmUp; i < rounds; i++) {
            long t0 = System.nanoTime();
            IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("probe", true), io);
            long t1 = System.nanoTime();
            Channel listener = new ServerBootstrap().group(group)
                    .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            long t2 = System.nanoTime();
            listener.close().awaitUninterruptibly(SOCKET_TIMEOUT_MS);
            group.shutdownGracefully(0, SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(SOCKET_TIMEOUT_MS * 2L);
            long t3 = System.nanoTime();
            if (i >= 0) {
                create[i] = t1 - t0;
                bind[i] = t2 - t1;
                shutdown[i] = t3 - t2;
            }
        }
        System.out.printf(Locale.ROOT, " %d event loop%s:%n", threads, threads == 1 ? "" : "s");
        printRow("create group", create);
        printRow("bind listener", bind);
        printRow("close listener + shut group down", shutdown);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
