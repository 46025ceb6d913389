package io.jnatsd.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProtocolParserTest {

    private static final int MCL = 4096;
    private static final int MAX_PAYLOAD = 1024 * 1024;

    /** Outcome of a parse: events and the error, if any. */
    private record Outcome(List<String> events, ParseError error) {
    }

    private static Outcome parseWhole(String input) {
        return parseChunks(List.of(input.getBytes(StandardCharsets.ISO_8859_1)), true);
    }

    private static Outcome parseChunks(List<byte[]> chunks, boolean headers) {
        RecordingHandler h = new RecordingHandler();
        ProtocolParser p = new ProtocolParser(h, MCL, MAX_PAYLOAD);
        p.setHeaders(headers);
        for (byte[] c : chunks) {
            // a fresh array per read, padded, so nothing may keep a reference into the old one
            byte[] buf = new byte[c.length + 8];
            System.arraycopy(c, 0, buf, 4, c.length);
            ParseError e = p.parse(buf, 4, c.length);
            java.util.Arrays.fill(buf, (byte) '#');
            if (e != null) {
                return new Outcome(h.events, e);
            }
        }
        return new Outcome(h.events, null);
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("PING\r\n", List.of("PING")),
                Arguments.of("PONG\r\n", List.of("PONG")),
                Arguments.of("ping\r\nPiNg\r\n", List.of("PING", "PING")),
                Arguments.of("PING please\r\n", List.of("PING")),
                Arguments.of("CONNECT {\"verbose\":false}\r\n", List.of("CONNECT {\"verbose\":false}")),
                Arguments.of("CONNECT\t{}\r\n", List.of("CONNECT {}")),
                Arguments.of("connect {}\n", List.of("CONNECT {}")),
                Arguments.of("PUB foo 2\r\nhi\r\n", List.of("PUB foo 2=2 [hi]")),
                Arguments.of("PUB foo 2\nhi\r\n", List.of("PUB foo 2=2 [hi]")),
                Arguments.of("pub foo bar 0\r\n\r\n", List.of("PUB foo bar 0=0 []")),
                Arguments.of("PUB  foo   reply    2\r\nhi\r\n", List.of("PUB foo reply 2=2 [hi]")),
                Arguments.of("PUB\tfoo\treply\t2\r\nhi\r\n", List.of("PUB foo reply 2=2 [hi]")),
                Arguments.of("PUB foo 15\r\nPING\r\nPUB x 1\r\n\r\n", List.of("PUB foo 15=15 [PING\r\nPUB x 1\r\n]")),
                Arguments.of("HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", List.of("HPUB foo 12=12 14=14 [NATS/1.0\r\n\r\nhi]")),
                Arguments.of("HPUB foo r 12 12\r\nNATS/1.0\r\n\r\n\r\n", List.of("HPUB foo r 12=12 12=12 [NATS/1.0\r\n\r\n]")),
                Arguments.of("SUB foo 1\r\n", List.of("SUB foo sid=1")),
                Arguments.of("SUB foo q 1\r\n", List.of("SUB foo q=q sid=1")),
                Arguments.of("sub\tfoo\tq\t1\r\n", List.of("SUB foo q=q sid=1")),
                Arguments.of("UNSUB 1\r\n", List.of("UNSUB 1 max=-1")),
                Arguments.of("UNSUB 1 5\r\n", List.of("UNSUB 1 max=5")),
                Arguments.of("UNSUB 1 x\r\n", List.of("UNSUB 1 max=-1")),
                Arguments.of("+OK\r\nINFO {\"a\":1}\r\n", List.of("INFO {\"a\":1}")),
                Arguments.of("-ERR 'boom'\r\n", List.of("ERR 'boom'")),
                Arguments.of("SUB foo 1\r\nPUB foo 1\r\na\r\nPING\r\nUNSUB 1\r\n",
                        List.of("SUB foo sid=1", "PUB foo 1=1 [a]", "PING", "UNSUB 1 max=-1")));
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void parsesWellFormedInputInOneRead(String input, List<String> expected) {
        Outcome o = parseWhole(input);
        assertNull(o.error(), () -> "error for " + input);
        assertEquals(expected, o.events());
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void parsesTheSameWhenFedOneByteAtATime(String input, List<String> expected) {
        byte[] all = input.getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : all) {
            chunks.add(new byte[] {b});
        }
        Outcome o = parseChunks(chunks, true);
        assertNull(o.error());
        assertEquals(expected, o.events());
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void parsesTheSameAtEverySplitPoint(String input, List<String> expected) {
        byte[] all = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 1; split < all.length; split++) {
            for (int split2 = split; split2 < all.length; split2 += Math.max(1, all.length / 7)) {
                List<byte[]> chunks = List.of(
                        java.util.Arrays.copyOfRange(all, 0, split),
                        java.util.Arrays.copyOfRange(all, split, split2),
                        java.util.Arrays.copyOfRange(all, split2, all.length));
                Outcome o = parseChunks(chunks, true);
                int s1 = split;
                int s2 = split2;
                assertNull(o.error(), () -> "split at " + s1 + "," + s2);
                assertEquals(expected, o.events(), "split at " + split + "," + split2);
            }
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("FOO bar\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("PUBS foo 2\r\nok\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("MSG foo 1 2\r\nhi\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("PUB foo 2\r\nokXY\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("PUB foo 3\r\nhello\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("PUB foo\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("PUB foo bar baz 2\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("PUB foo abc\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("PUB foo 18446744073709551615123\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("PUB foo 1048577\r\n", ParseError.MAX_PAYLOAD),
                Arguments.of("PUB foo 199380988\r\n", ParseError.MAX_PAYLOAD),
                Arguments.of("HPUB foo 12\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("HPUB foo 30 20\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("HPUB foo 12 1048577\r\n", ParseError.MAX_PAYLOAD),
                Arguments.of("SUB foo\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("SUB a b c d\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("UNSUB 1 2 3\r\n", ParseError.BAD_ARGUMENTS),
                Arguments.of("PUBfoo 1\r\n", ParseError.UNKNOWN_OPERATION),
                Arguments.of("SUB " + "a".repeat(MCL) + " 1\r\n", ParseError.MAX_CONTROL_LINE));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void reportsTheReferenceErrorForMalformedInput(String input, ParseError expected) {
        assertEquals(expected, parseWhole(input).error());
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void reportsTheSameErrorWhenFedOneByteAtATime(String input, ParseError expected) {
        byte[] all = input.getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : all) {
            chunks.add(new byte[] {b});
        }
        assertEquals(expected, parseChunks(chunks, true).error());
    }

    @Test
    void hpubWithoutHeadersSupportIsRefused() {
        Outcome o = parseChunks(List.of("HPUB foo 12 12\r\nNATS/1.0\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), false);
        assertEquals(ParseError.HEADERS_NOT_SUPPORTED, o.error());
    }

    @Test
    void anythingButConnectIsAnAuthorizationViolationWhileAwaitingConnect() {
        RecordingHandler h = new RecordingHandler();
        ProtocolParser p = new ProtocolParser(h, MCL, MAX_PAYLOAD);
        p.setAwaitingConnect(true);
        byte[] b = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ParseError.AUTHORIZATION, p.parse(b, 0, b.length));
    }

    @Test
    void connectIsAcceptedWhileAwaitingConnect() {
        RecordingHandler h = new RecordingHandler();
        ProtocolParser p = new ProtocolParser(h, MCL, MAX_PAYLOAD);
        p.setAwaitingConnect(true);
        byte[] b = "connect {}\r\n".getBytes(StandardCharsets.US_ASCII);
        assertNull(p.parse(b, 0, b.length));
        assertEquals(List.of("CONNECT {}"), h.events);
    }

    @Test
    void controlLineLongerThanTheLimitIsRefusedBeforeItsEndArrives() {
        RecordingHandler h = new RecordingHandler();
        ProtocolParser p = new ProtocolParser(h, 64, MAX_PAYLOAD);
        byte[] b = ("SUB " + "x".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(ParseError.MAX_CONTROL_LINE, p.parse(b, 0, b.length));
    }

    @Test
    void controlLineAtTheLimitIsAccepted() {
        RecordingHandler h = new RecordingHandler();
        ProtocolParser p = new ProtocolParser(h, 64, MAX_PAYLOAD);
        byte[] b = ("SUB " + "a".repeat(62) + " 1\r\n").getBytes(StandardCharsets.US_ASCII);
        assertNull(p.parse(b, 0, b.length));
        assertEquals(1, h.events.size());
    }

    @Test
    void largePayloadSplitAcrossManyReadsArrivesIntact() {
        int size = 200_000;
        StringBuilder sb = new StringBuilder("PUB big ").append(size).append("\r\n");
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + i % 26));
        }
        sb.append("\r\nPING\r\n");
        byte[] all = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < all.length; i += 1000) {
            chunks.add(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 1000)));
        }
        Outcome o = parseChunks(chunks, true);
        assertNull(o.error());
        assertEquals(2, o.events().size());
        assertEquals(size, o.events().get(0).length() - "PUB big 200000=200000 []".length());
        assertEquals("PING", o.events().get(1));
    }

    @Test
    void handlerCanStopParsingMidBuffer() {
        RecordingHandler h = new RecordingHandler();
        h.stopAt = 0;
        ProtocolParser p = new ProtocolParser(h, MCL, MAX_PAYLOAD);
        byte[] b = "PING\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        assertNull(p.parse(b, 0, b.length));
        assertEquals(List.of("PING"), h.events);
    }

    @Test
    void sizesOfMoreThanNineDigitsAreInvalid() {
        byte[] b = "1234567890".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, ProtocolParser.parseSize(b, 0, 10));
        assertEquals(123456789, ProtocolParser.parseSize(b, 0, 9));
        assertEquals(-1, ProtocolParser.parseSize(b, 0, 0));
    }
}
