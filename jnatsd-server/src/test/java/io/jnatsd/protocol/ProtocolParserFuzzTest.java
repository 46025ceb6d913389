package io.jnatsd.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link ProtocolParser}. Every build replays the seed corpus
 * ({@code ProtocolParserFuzzTestInputs/<method>/} under test resources, plus any crash file
 * Jazzer saved there); {@code JAZZER_FUZZ=1} fuzzes for real (docs/RELIABILITY.md).
 *
 * <p>Input layout: byte 0 selects the mode and limits, byte 1 seeds how the rest is split
 * into reads, the rest is the wire bytes. Invariants checked on every input:
 * <ul>
 *   <li>parse never throws: malformed input is a returned {@link ParseError};</li>
 *   <li>every range handed to the handler lies inside the array it refers to, and a message
 *       is never larger than max_payload;</li>
 *   <li>what is held between reads stays within max_control_line + max_payload + CRLF + CR;</li>
 *   <li>the operations and the error do not depend on how the bytes were split into reads.</li>
 * </ul>
 */
class ProtocolParserFuzzTest {
    /** The most a parser may hold between reads beyond the two limits: a message's CRLF and a line's CR. */
    private static final int SLACK = 3;

    @FuzzTest(maxDuration = "60s")
    void anySplitOfAnyInputParsesTheSameAndStaysBounded(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int mode = input[0] & 0xff;
        int splitSeed = input[1] & 0xff;
        byte[] wire = java.util.Arrays.copyOfRange(input, 2, input.length);

        Result whole = run(mode, wire, 0);
        Result split = run(mode, wire, splitSeed == 0 ? 1 : splitSeed);
        Result bytewise = run(mode, wire, -1);
        assertEquals(whole, split, "split reads (seed " + splitSeed + ") must parse like one read");
        assertEquals(whole, bytewise, "byte-by-byte reads must parse like one read");
    }

    /** What a run produced: the operations in order and the error that stopped it, if any. */
    private record Result(List<String> events, ParseError error) {
    }

    /**
     * Parses {@code wire} in reads chosen by {@code splitSeed}: 0 one read, -1 one byte per read,
     * else random lengths from 1 to 16.
     */
    private static Result run(int mode, byte[] wire, int splitSeed) {
        int maxControlLine = (mode & 1) != 0 ? 24 : 4096;
        int maxPayload = (mode & 2) != 0 ? 8 : 64 * 1024;
        CheckingHandler handler = new CheckingHandler(maxPayload);
        ProtocolParser parser = new ProtocolParser(handler, maxControlLine, maxPayload);
        if ((mode & 4) != 0) {
            parser.setRouteMode();
        }
        parser.setHeaders((mode & 8) != 0);
        parser.setAwaitingConnect((mode & 16) != 0);

        SplittableRandom random = new SplittableRandom(splitSeed);
        int pos = 0;
        ParseError error = null;
        while (pos < wire.length && error == null && !handler.stopped) {
            int n = switch (splitSeed) {
                case 0 -> wire.length;
                case -1 -> 1;
                default -> Math.min(wire.length - pos, 1 + random.nextInt(16));
            };
            // each read in a fresh array with garbage around it, as a reused network buffer would be
            byte[] read = new byte[n + 8];
            java.util.Arrays.fill(read, (byte) '\n');
            System.arraycopy(wire, pos, read, 4, n);
            error = parser.parse(read, 4, n);
            pos += n;
            int buffered = parser.bufferedBytes();
            assertTrue(buffered >= 0 && buffered <= maxControlLine + maxPayload + SLACK,
                    "buffered " + buffered + " bytes with max_control_line " + maxControlLine
                            + " and max_payload " + maxPayload);
        }
        return new Result(handler.events, error);
    }

    /**
     * Records operations like {@link RecordingHandler} (including the route ones) and checks
     * that every range it is given is inside its array.
     */
    private static final class CheckingHandler implements ProtocolHandler {
        final List<String> events = new ArrayList<>();
        final int maxPayload;
        /** A handler that returns false ends the connection; the test stops feeding, as the server would. */
        boolean stopped;

        CheckingHandler(int maxPayload) {
            this.maxPayload = maxPayload;
        }

        private static String s(byte[] b, int off, int len) {
            if (len == 0) {
                // absent arguments (no reply, no account) have length 0 and a meaningless offset,
                // which PubArgs.rebase may even move below 0: handlers test the length first
                return "";
            }
            assertTrue(off >= 0 && len > 0 && off + len <= b.length,
                    "range [" + off + ", " + (off + len) + ") outside an array of " + b.length);
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }

        private boolean add(String event) {
            events.add(event);
            // stop now and then so that the "handler declined" path is fuzzed as well
            if (event.contains("STOP")) {
                stopped = true;
                return false;
            }
            return true;
        }

        @Override
        public boolean onConnect(byte[] buf, int off, int len) {
            return add("CONNECT " + s(buf, off, len));
        }

        @Override
        public boolean onPing() {
            return add("PING");
        }

        @Override
        public boolean onPong() {
            return add("PONG");
        }

        @Override
        public boolean onMessage(PubArgs pa, byte[] msg, int off) {
            assertTrue(pa.size >= 0 && pa.size <= maxPayload, "message size " + pa.size);
            assertTrue(pa.hdrSize <= pa.size, "header size " + pa.hdrSize + " above size " + pa.size);
            StringBuilder sb = new StringBuilder("MSG ");
            sb.append(s(pa.buf, pa.accountOff, pa.accountLen)).append('|');
            sb.append(s(pa.buf, pa.subjectOff, pa.subjectLen)).append('|');
            sb.append(s(pa.buf, pa.replyOff, pa.replyLen)).append('|');
            sb.append(s(pa.buf, pa.queuesOff, pa.queuesLen)).append('|');
            sb.append(s(pa.buf, pa.hdrSizeOff, pa.hdrSizeLen)).append('=').append(pa.hdrSize).append('|');
            sb.append(s(pa.buf, pa.sizeOff, pa.sizeLen)).append('=').append(pa.size);
            sb.append(" [").append(s(msg, off, pa.size)).append(']');
            return add(sb.toString());
        }

        @Override
        public boolean onSub(byte[] buf, int subjectOff, int subjectLen, int queueOff, int queueLen,
                             int sidOff, int sidLen) {
            return add("SUB " + s(buf, subjectOff, subjectLen) + " q=" + s(buf, queueOff, queueLen)
                    + " sid=" + s(buf, sidOff, sidLen));
        }

        @Override
        public boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max) {
            assertTrue(max >= -1, "max " + max);
            return add("UNSUB " + s(buf, sidOff, sidLen) + " max=" + max);
        }

        @Override
        public boolean onInfo(byte[] buf, int off, int len) {
            return add("INFO " + s(buf, off, len));
        }

        @Override
        public boolean onErr(byte[] buf, int off, int len) {
            return add("ERR " + s(buf, off, len));
        }

        @Override
        public boolean onRouteSub(byte[] buf, int accountOff, int accountLen, int subjectOff, int subjectLen,
                                  int queueOff, int queueLen, int weight) {
            assertTrue(weight >= 0, "weight " + weight);
            return add("RS+ " + s(buf, accountOff, accountLen) + " " + s(buf, subjectOff, subjectLen)
                    + " q=" + s(buf, queueOff, queueLen) + " w=" + weight);
        }

        @Override
        public boolean onRouteUnsub(byte[] buf, int accountOff, int accountLen, int subjectOff, int subjectLen,
                                    int queueOff, int queueLen) {
            return add("RS- " + s(buf, accountOff, accountLen) + " " + s(buf, subjectOff, subjectLen)
                    + " q=" + s(buf, queueOff, queueLen));
        }
    }
}
