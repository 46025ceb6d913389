package io.jnatsd.robust;

import io.jnatsd.server.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Malformed input over a real socket: bad CONNECT JSON, invalid UTF-8 in subjects, negative and
 * overflowing sizes. Each either is served or closes that one connection (with the reference's
 * -ERR where it sends one); the server goes on serving everyone else.
 */
class MalformedInputTest {
    private static final String QUIET_CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";
    private static final String CLOSED = "closed";
    private static NatsServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = Servers.start(b -> b.maxPayload(1024 * 1024));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Stream<Arguments> malformedConnect() {
        return Stream.of(
                arguments("unterminated object", "CONNECT {\r\n", CLOSED),
                arguments("missing value", "CONNECT {\"verbose\":}\r\n", CLOSED),
                arguments("array", "CONNECT []\r\n", CLOSED),
                arguments("string", "CONNECT \"x\"\r\n", CLOSED),
                arguments("empty", "CONNECT \r\n", CLOSED),
                arguments("trailing garbage", "CONNECT {\"verbose\":false} x\r\n", CLOSED),
                arguments("two documents", "CONNECT {} {}\r\n", CLOSED),
                arguments("wrong type", "CONNECT {\"verbose\":\"no\"}\r\n", CLOSED),
                arguments("nested 200 deep", "CONNECT {\"x\":" + "[".repeat(200) + "]".repeat(200) + "}\r\n", CLOSED),
                arguments("protocol overflowing int", "CONNECT {\"verbose\":false,\"protocol\":99999999999999999999}\r\n", CLOSED),
                arguments("negative protocol", "CONNECT {\"verbose\":false,\"protocol\":-1}\r\n", "-ERR 'invalid client protocol'"),
                // nats-server (Go encoding/json) accepts this with U+FFFD; jnatsd's strict reader closes.
                // Not pinned either way until decided: the server must just survive it.
                arguments("invalid UTF-8 in a string", "CONNECT {\"verbose\":false,\"name\":\"\u00ff\u00fe\"}\r\n", "?"),
                arguments("unknown fields ignored", "CONNECT {\"verbose\":false,\"x\":{\"y\":[1,2]}}\r\n", "PONG"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConnect")
    void malformedConnectClosesOnlyThatConnection(String name, String input, String expected) throws Exception {
        assertOutcome(input, expected);
    }

    static Stream<Arguments> malformedOperations() {
        return Stream.of(
                arguments("negative size", "PUB foo -1\r\n", CLOSED),
                arguments("size of 10 digits", "PUB foo 1000000000\r\n", CLOSED),
                arguments("size above int", "PUB foo 2147483648\r\n", CLOSED),
                arguments("size wrapping to a small int", "PUB foo 4294967298\r\n", CLOSED),
                arguments("size above max_payload", "PUB foo 999999999\r\n", "-ERR 'Maximum Payload Violation'"),
                arguments("size with a sign", "PUB foo +5\r\nhello\r\n", CLOSED),
                arguments("header size above size", "HPUB foo 10 5\r\n", CLOSED),
                arguments("negative header size", "HPUB foo -1 5\r\n", CLOSED),
                arguments("too many PUB arguments", "PUB a b c 1\r\nx\r\n", CLOSED),
                arguments("negative UNSUB max", QUIET_CONNECT + "SUB foo 1\r\nUNSUB 1 -5\r\n", "PONG"),
                arguments("overflowing UNSUB max", "SUB foo 1\r\nUNSUB 1 99999999999999\r\n", "PONG"),
                // subjects are bytes to nats-server: it accepts these as jnatsd does
                arguments("invalid UTF-8 subject", "SUB \u00ff\u00fe.x 1\r\n", "PONG"),
                arguments("invalid UTF-8 publish", "PUB \u00ff\u00fe 2\r\nhi\r\n", "PONG"),
                arguments("NUL in subject", "SUB a\u0000b 1\r\n", "PONG"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedOperations")
    void malformedOperationClosesOnlyThatConnection(String name, String input, String expected) throws Exception {
        assertOutcome(QUIET_CONNECT + input.replace(QUIET_CONNECT, ""), expected);
    }

    /**
     * Sends {@code input} (bytes 0-255 as written, ISO-8859-1) then PING after reading INFO, and
     * checks the outcome: "PONG" (served), "closed" (EOF with no answer), or an -ERR line then EOF.
     * Then a fresh connection must still be served.
     */
    private static void assertOutcome(String input, String expected) throws Exception {
        String outcome;
        try (RawClient c = RawClient.connect(server)) {
            assertTrue(c.readLine().startsWith("INFO "));
            c.send((input + "PING\r\n").getBytes(StandardCharsets.ISO_8859_1));
            outcome = outcome(c);
        }
        System.out.println("OUTCOME " + expected + " -> " + outcome + " for " + input.replace("\r\n", "\\r\\n"));
        if (!"?".equals(expected)) {
            assertEquals(expected, outcome);
        }
        try (RawClient fresh = RawClient.connect(server).handshake("SUB ok 1\r\n")) {
            fresh.send("PUB ok 2\r\nok\r\nPING\r\n");
            assertEquals("MSG ok 1 2", fresh.readLine());
            fresh.readPayload(2);
            assertEquals("PONG", fresh.readLine());
        }
    }

    /** "PONG", "closed", or the first -ERR line (which must be followed by EOF); skips MSG and +OK. */
    private static String outcome(RawClient c) throws IOException {
        InputStream in = c.socket.getInputStream();
        StringBuilder line = new StringBuilder();
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                return "no answer";
            } catch (IOException e) {
                return CLOSED; // reset
            }
            if (b < 0) {
                return line.length() == 0 ? CLOSED : "partial " + line;
            }
            if (b == '\n') {
                String l = line.toString().strip();
                line.setLength(0);
                if (l.equals("PONG")) {
                    return l;
                }
                if (l.startsWith("-ERR")) {
                    c.expectEof();
                    return l;
                }
                continue;
            }
            line.append((char) b);
        }
    }

    @Test
    void distinctInvalidUtf8SubjectsDoNotShareMessages() throws Exception {
        // 0xff and 0xfe are different subjects to nats-server, which compares bytes
        try (RawClient c = RawClient.connect(server)) {
            assertTrue(c.readLine().startsWith("INFO "));
            c.send((QUIET_CONNECT + "SUB a.\u00ff 1\r\nPUB a.\u00fe 2\r\nhi\r\nPING\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("PONG", c.readLine(), "a message for a.\\xfe must not reach a subscriber of a.\\xff");
        }
    }
}
