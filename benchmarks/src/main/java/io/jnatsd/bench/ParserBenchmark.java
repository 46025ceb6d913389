package io.jnatsd.bench;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.protocol.ParseError;
import io.jnatsd.protocol.ProtocolParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The client protocol parser on a pre-built buffer of {@value #MESSAGES} pipelined
 * {@code PUB bench.parser.subject <size>\r\n<payload>\r\n} operations, with a counting handler.
 * One operation is one message.
 *
 * <p>{@code readSize} 0 hands the whole buffer to one parse call (every message complete in
 * place); a positive size feeds it in reads of that many bytes, so control lines and messages
 * straddle reads and take the parser's copy paths (partial line, split message).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.EXECUTOR, Jvm.EXECUTOR_CLASS, Jvm.GC, Jvm.XMS, Jvm.XMX})
public class ParserBenchmark {
    static final int MESSAGES = 1000;
    static final String SUBJECT = "bench.parser.subject";

    @Param({"16", "1024"})
    public int payload;

    @Param({"0", "4096"})
    public int readSize;

    byte[] input;
    CountingHandler handler;
    ProtocolParser parser;

    @Setup
    public void setup() {
        input = pipelinedPubs(SUBJECT, payload, MESSAGES);
        handler = new CountingHandler();
        parser = new ProtocolParser(handler, ServerOptions.DEFAULT_MAX_CONTROL_LINE, ServerOptions.DEFAULT_MAX_PAYLOAD);
        parseAll(); // checks the input once: every message arrives, no error
        if (handler.messages != MESSAGES || handler.payloadBytes != (long) MESSAGES * payload || handler.other != 0) {
            throw new IllegalStateException("parser saw " + handler.messages + " messages");
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long parse() {
        return parseAll();
    }

    long parseAll() {
        byte[] in = input;
        int chunk = readSize <= 0 ? in.length : readSize;
        for (int off = 0; off < in.length; off += chunk) {
            ParseError err = parser.parse(in, off, Math.min(chunk, in.length - off));
            if (err != null) {
                throw new IllegalStateException("parse error " + err);
            }
        }
        return handler.messages;
    }

    /** {@code count} times {@code PUB subject size\r\n<size bytes>\r\n}. */
    static byte[] pipelinedPubs(String subject, int size, int count) {
        byte[] one = pub(subject, size);
        byte[] all = new byte[one.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    static byte[] pub(String subject, int size) {
        byte[] line = ("PUB " + subject + " " + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] msg = new byte[line.length + size + 2];
        System.arraycopy(line, 0, msg, 0, line.length);
        for (int i = 0; i < size; i++) {
            msg[line.length + i] = (byte) ('a' + i % 26);
        }
        msg[msg.length - 2] = '\r';
        msg[msg.length - 1] = '\n';
        return msg;
    }
}
