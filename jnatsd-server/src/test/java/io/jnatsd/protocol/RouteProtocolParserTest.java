package io.jnatsd.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The route protocol as nats-server 2.9 writes it, whole and split at every byte. */
class RouteProtocolParserTest {

    /** Records route operations as readable lines. */
    private static final class RouteRecorder implements ProtocolHandler {
        final List<String> events = new ArrayList<>();

        private static String s(byte[] b, int off, int len) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }

        @Override public boolean onConnect(byte[] buf, int off, int len) { events.add("CONNECT " + s(buf, off, len)); return true; }
        @Override public boolean onPing() { events.add("PING"); return true; }
        @Override public boolean onPong() { events.add("PONG"); return true; }
        @Override public boolean onInfo(byte[] buf, int off, int len) { events.add("INFO " + s(buf, off, len)); return true; }
        @Override public boolean onErr(byte[] buf, int off, int len) { events.add("ERR " + s(buf, off, len)); return true; }
        @Override public boolean onSub(byte[] b, int so, int sl, int qo, int ql, int io, int il) { events.add("SUB?"); return true; }
        @Override public boolean onUnsub(byte[] b, int so, int sl, long max) { events.add("UNSUB?"); return true; }

        @Override
        public boolean onRouteSub(byte[] b, int ao, int al, int so, int sl, int qo, int ql, int w) {
            events.add("RS+ " + s(b, ao, al) + " " + s(b, so, sl) + (ql > 0 ? " q=" + s(b, qo, ql) + " w=" + w : ""));
            return true;
        }

        @Override
        public boolean onRouteUnsub(byte[] b, int ao, int al, int so, int sl, int qo, int ql) {
            events.add("RS- " + s(b, ao, al) + " " + s(b, so, sl) + (ql > 0 ? " q=" + s(b, qo, ql) : ""));
            return true;
        }

        @Override
        public boolean onMessage(PubArgs pa, byte[] msg, int off) {
            StringBuilder sb = new StringBuilder(pa.hasHeaders() ? "HMSG " : "RMSG ");
            sb.append(s(pa.buf, pa.accountOff, pa.accountLen)).append(' ').append(s(pa.buf, pa.subjectOff, pa.subjectLen));
            if (pa.hasReply()) {
                sb.append(" reply=").append(s(pa.buf, pa.replyOff, pa.replyLen));
            }
            if (pa.queuesLen > 0) {
                sb.append(" queues=[").append(s(pa.buf, pa.queuesOff, pa.queuesLen)).append(']');
            }
            if (pa.hasHeaders()) {
                sb.append(" hdr=").append(pa.hdrSize);
            }
            sb.append(" size=").append(pa.size).append(" [").append(s(msg, off, pa.size)).append(']');
            events.add(sb.toString());
            return true;
        }
    }

    private static List<String> parse(String input, int split) {
        RouteRecorder h = new RouteRecorder();
        ProtocolParser p = new ProtocolParser(h, 4096, Integer.MAX_VALUE);
        p.setRouteMode();
        byte[] all = input.getBytes(StandardCharsets.ISO_8859_1);
        int[][] parts = split <= 0 || split >= all.length
                ? new int[][] {{0, all.length}} : new int[][] {{0, split}, {split, all.length}};
        for (int[] part : parts) {
            byte[] buf = new byte[part[1] - part[0] + 8];
            System.arraycopy(all, part[0], buf, 4, part[1] - part[0]);
            ParseError e = p.parse(buf, 4, part[1] - part[0]);
            java.util.Arrays.fill(buf, (byte) '#');
            if (e != null) {
                h.events.add("ERROR " + e);
                break;
            }
        }
        return h.events;
    }

    static Stream<Arguments> routeOperations() {
        return Stream.of(
                Arguments.of("RS+ $G foo\r\n", List.of("RS+ $G foo")),
                Arguments.of("RS+ $G foo.* workers 3\r\n", List.of("RS+ $G foo.* q=workers w=3")),
                Arguments.of("RS- $G foo\r\n", List.of("RS- $G foo")),
                Arguments.of("RS- $G foo workers\r\n", List.of("RS- $G foo q=workers")),
                Arguments.of("RMSG $G foo 2\r\nhi\r\n", List.of("RMSG $G foo size=2 [hi]")),
                Arguments.of("RMSG $G foo _INBOX.x 2\r\nhi\r\n", List.of("RMSG $G foo reply=_INBOX.x size=2 [hi]")),
                Arguments.of("RMSG $G foo + _INBOX.x q1 2\r\nhi\r\n",
                        List.of("RMSG $G foo reply=_INBOX.x queues=[q1] size=2 [hi]")),
                Arguments.of("RMSG $G bar.x | q1 q2 2\r\nho\r\n", List.of("RMSG $G bar.x queues=[q1 q2] size=2 [ho]")),
                Arguments.of("HMSG $G foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                        List.of("HMSG $G foo hdr=12 size=14 [NATS/1.0\r\n\r\nhi]")),
                Arguments.of("HMSG $G foo | q1 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                        List.of("HMSG $G foo queues=[q1] hdr=12 size=14 [NATS/1.0\r\n\r\nhi]")),
                Arguments.of("HMSG $G foo + r q1 q2 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                        List.of("HMSG $G foo reply=r queues=[q1 q2] hdr=12 size=14 [NATS/1.0\r\n\r\nhi]")),
                Arguments.of("PING\r\nPONG\r\n", List.of("PING", "PONG")),
                Arguments.of("INFO {\"server_id\":\"X\"}\r\n", List.of("INFO {\"server_id\":\"X\"}")),
                Arguments.of("CONNECT {}\r\n", List.of("CONNECT {}")),
                Arguments.of("-ERR 'Authorization Violation'\r\n", List.of("ERR 'Authorization Violation'")));
    }

    @ParameterizedTest
    @MethodSource("routeOperations")
    void parsesRouteOperationsWholeAndSplitAtEveryByte(String input, List<String> expected) {
        for (int split = 0; split < input.length(); split++) {
            assertEquals(expected, parse(input, split), "split at " + split);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUB foo 2\r\nhi\r\n", "SUB foo 1\r\n", "UNSUB 1\r\n", "LS+ $G foo\r\n",
            "HPUB foo 2 2\r\nhi\r\n", "MSG foo 1 2\r\nhi\r\n"})
    void refusesClientAndLeafOperationsOnARoute(String input) {
        assertEquals(List.of("ERROR UNKNOWN_OPERATION"), parse(input, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS+ $G\r\n", "RS+ $G foo q\r\n", "RS+ $G foo q x\r\n", "RMSG $G foo\r\n",
            "RMSG $G foo a b 2\r\nhi\r\n", "HMSG $G foo 14 12\r\n"})
    void rejectsMalformedRouteArguments(String input) {
        assertEquals(List.of("ERROR BAD_ARGUMENTS"), parse(input, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 900})
    void acceptsManyQueueNamesInOneMessage(int queues) {
        StringBuilder sb = new StringBuilder("RMSG $G foo |");
        for (int i = 0; i < queues; i++) {
            sb.append(" q").append(i);
        }
        sb.append(" 1\r\nx\r\n");
        if (sb.length() > 4096) {
            return;
        }
        List<String> ev = parse(sb.toString(), 0);
        assertEquals(1, ev.size(), ev.toString());
        assertNull(ev.get(0).startsWith("ERROR") ? ev.get(0) : null);
    }
}
