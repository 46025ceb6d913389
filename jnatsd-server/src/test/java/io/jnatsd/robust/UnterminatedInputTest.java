package io.jnatsd.robust;

import io.jnatsd.protocol.ParseError;
import io.jnatsd.protocol.ProtocolHandler;
import io.jnatsd.protocol.ProtocolParser;
import io.jnatsd.protocol.PubArgs;
import io.jnatsd.server.NatsServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends a control line or a payload and never the CRLF that ends it is cut off
 * at the limit, and what the server holds for it meanwhile is bounded by the limits, however
 * much it sends.
 */
class UnterminatedInputTest {
    private static final int MAX_CONTROL_LINE = 1024;
    private static final int MAX_PAYLOAD = 64 * 1024;
    /** What the hostile client tries to send: far beyond any limit and any socket buffer. */
    private static final long FLOOD = 256L * 1024 * 1024;
    /** Loopback socket buffers can hold a few MB; anything near FLOOD means nobody cut the client off. */
    private static final long ACCEPTED_AT_MOST = 32L * 1024 * 1024;

    @Test
    void endlessControlLineIsCutOffAtMaxControlLine() throws Exception {
        try (NatsServer server = Servers.start(b -> b.maxControlLine(MAX_CONTROL_LINE).maxPayload(MAX_PAYLOAD));
             RawClient hostile = RawClient.connect(server).handshake("");
             RawClient bystander = RawClient.connect(server).handshake("")) {
            CompletableFuture<Long> sent = flood(hostile, "PUB ");
            assertEquals("-ERR 'maximum control line exceeded'", hostile.readLine());
            hostile.expectEof();
            long accepted = sent.get(Servers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(accepted < ACCEPTED_AT_MOST, "the server kept reading: " + accepted + " bytes");
            Servers.until("the hostile client is gone", () -> server.connectionCount() == 1);
            assertTrue(Servers.closeReasons(server).contains("Maximum Control Line Exceeded"),
                    Servers.closeReasons(server).toString());
            bystanderStillServed(bystander);
        }
    }

    @Test
    void endlessPayloadIsCutOffAfterTheDeclaredSize() throws Exception {
        try (NatsServer server = Servers.start(b -> b.maxControlLine(MAX_CONTROL_LINE).maxPayload(MAX_PAYLOAD));
             RawClient hostile = RawClient.connect(server).handshake("");
             RawClient bystander = RawClient.connect(server).handshake("SUB foo 1\r\n")) {
            CompletableFuture<Long> sent = flood(hostile, "PUB foo " + MAX_PAYLOAD + "\r\n");
            assertEquals("-ERR 'Unknown Protocol Operation'", hostile.readLine(),
                    "a payload not followed by CRLF is a protocol error");
            hostile.expectEof();
            long accepted = sent.get(Servers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(accepted < ACCEPTED_AT_MOST, "the server kept reading: " + accepted + " bytes");
            // nothing of the broken message reached the subscriber
            bystander.send("PING\r\n");
            assertEquals("PONG", bystander.readLine());
            bystanderStillServed(bystander);
        }
    }

    @Test
    void sizeAboveMaxPayloadIsRefusedBeforeAnyPayloadIsRead() throws Exception {
        try (NatsServer server = Servers.start(b -> b.maxControlLine(MAX_CONTROL_LINE).maxPayload(MAX_PAYLOAD));
             RawClient hostile = RawClient.connect(server).handshake("")) {
            CompletableFuture<Long> sent = flood(hostile, "PUB foo " + (MAX_PAYLOAD + 1) + "\r\n");
            assertEquals("-ERR 'Maximum Payload Violation'", hostile.readLine());
            hostile.expectEof();
            assertTrue(sent.get(Servers.TIMEOUT.toSeconds(), TimeUnit.SECONDS) < ACCEPTED_AT_MOST);
        }
    }

    /**
     * The parser itself, fed 64 MB in network-sized reads: it never holds more than the limit,
     * neither for a line nor for a message split across reads.
     */
    @Test
    void parserBuffersNoMoreThanTheLimitsWhateverArrives() {
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'x');

        ProtocolParser lineParser = new ProtocolParser(new Ignoring(), MAX_CONTROL_LINE, MAX_PAYLOAD);
        ParseError err = lineParser.parse("SUB ".getBytes(), 0, 4);
        long fed = 0;
        while (err == null && fed < 64L * 1024 * 1024) {
            err = lineParser.parse(chunk, 0, chunk.length);
            fed += chunk.length;
            assertTrue(lineParser.bufferedBytes() <= MAX_CONTROL_LINE + 1, "holds " + lineParser.bufferedBytes());
        }
        assertEquals(ParseError.MAX_CONTROL_LINE, err);
        assertTrue(fed <= 2L * chunk.length, "cut off after " + fed + " bytes");

        ProtocolParser msgParser = new ProtocolParser(new Ignoring(), MAX_CONTROL_LINE, MAX_PAYLOAD);
        byte[] pub = ("PUB foo " + MAX_PAYLOAD + "\r\n").getBytes();
        assertNull(msgParser.parse(pub, 0, pub.length));
        err = null;
        fed = 0;
        while (err == null && fed < 64L * 1024 * 1024) {
            err = msgParser.parse(chunk, 0, chunk.length);
            fed += chunk.length;
            assertTrue(msgParser.bufferedBytes() <= MAX_CONTROL_LINE + MAX_PAYLOAD + 3,
                    "holds " + msgParser.bufferedBytes());
        }
        assertEquals(ParseError.UNKNOWN_OPERATION, err);
        assertTrue(fed <= MAX_PAYLOAD + 2L * chunk.length, "cut off after " + fed + " bytes");
    }

    /** Sends {@code prefix} then FLOOD bytes with no CR or LF; completes with the bytes written when the server hangs up. */
    private static CompletableFuture<Long> flood(RawClient client, String prefix) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            long written = 0;
            try {
                client.send(prefix);
                while (written < FLOOD) {
                    client.send(chunk);
                    written += chunk.length;
                }
            } catch (IOException e) {
                // the server hung up: what we managed to write is the answer
            }
            return written;
        });
    }

    private static void bystanderStillServed(RawClient bystander) throws IOException {
        bystander.send("SUB bar 9\r\nPUB bar 2\r\nok\r\nPING\r\n");
        assertEquals("MSG bar 9 2", bystander.readLine());
        assertEquals("ok", new String(bystander.readPayload(2)));
        assertEquals("PONG", bystander.readLine());
    }

    /** Accepts everything. */
    private static final class Ignoring implements ProtocolHandler {
        @Override public boolean onConnect(byte[] buf, int off, int len) { return true; }
        @Override public boolean onPing() { return true; }
        @Override public boolean onPong() { return true; }
        @Override public boolean onMessage(PubArgs pa, byte[] msg, int off) { return true; }
        @Override public boolean onSub(byte[] b, int so, int sl, int qo, int ql, int io, int il) { return true; }
        @Override public boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max) { return true; }
        @Override public boolean onInfo(byte[] buf, int off, int len) { return true; }
        @Override public boolean onErr(byte[] buf, int off, int len) { return true; }
    }
}
