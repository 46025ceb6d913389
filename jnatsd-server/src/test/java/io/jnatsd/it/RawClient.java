package io.jnatsd.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plain socket speaking the NATS text protocol, for what a real client library hides
 * (raw errors, EOF, a reader that stops reading). Every read is bounded by the socket timeout.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawClient connect(RunningServer server) throws IOException {
        return connect(server, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting, 0 for the default */
    static RawClient connect(RunningServer server, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setSoTimeout((int) Await.TIMEOUT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) Clients.CONNECT_TIMEOUT.toMillis());
        return new RawClient(s);
    }

    /** Reads the server's INFO line and returns its JSON. */
    String readInfo() throws IOException {
        String line = readLine();
        assertTrue(line.startsWith("INFO "), "expected INFO, got: " + line);
        return line.substring(5);
    }

    /**
     * Opens a connection, sends {@code CONNECT <json>} and a PING, and asserts the server answers
     * with exactly {@code -ERR '<error>'} and then closes.
     */
    static void assertConnectRefused(RunningServer server, String connectJson, String error) throws IOException {
        try (RawClient raw = connect(server)) {
            raw.readInfo();
            raw.send("CONNECT " + connectJson + "\r\nPING\r\n");
            assertEquals("-ERR '" + error + "'", raw.readLine(),
                    "answer to CONNECT " + connectJson);
            raw.expectEof();
        }
    }

    /**
     * Opens a connection, sends {@code CONNECT <json>} and a PING, and asserts a PONG comes back.
     * The CONNECT is sent as given: without {@code "verbose":false} expect a +OK first.
     */
    static void assertConnectAccepted(RunningServer server, String connectJson) throws IOException {
        try (RawClient raw = connect(server)) {
            raw.readInfo();
            raw.send("CONNECT " + connectJson + "\r\nPING\r\n");
            String line = raw.readLine();
            if (!connectJson.contains("\"verbose\":false")) {
                assertEquals("+OK", line, "verbose defaults to true");
                line = raw.readLine();
            }
            assertEquals("PONG", line, "answer to CONNECT " + connectJson);
        }
    }

    void send(String protocol) throws IOException {
        out.write(protocol.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One CRLF-terminated line without the CRLF; fails on EOF or timeout. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = read();
            if (b < 0) {
                fail("EOF before end of line; read so far: " + line.toString(StandardCharsets.UTF_8));
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            prev = b;
        }
    }

    /** Reads {@code n} payload bytes plus the CRLF that ends a message. */
    byte[] readPayload(int n) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            fail("EOF inside a payload");
        }
        byte[] crlf = in.readNBytes(2);
        if (crlf.length != 2 || crlf[0] != '\r' || crlf[1] != '\n') {
            fail("payload not followed by CRLF");
        }
        return data;
    }

    /** Reads and discards until the server closes; fails when it does not within the timeout. */
    void awaitEof() throws IOException {
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            fail("server did not close the connection within " + Await.TIMEOUT.toMillis() + " ms");
        } catch (IOException e) {
            // a reset is a close too
            if (!isReset(e)) {
                throw e;
            }
        }
    }

    /** Asserts that the next thing on the wire is EOF (nothing more was sent before closing). */
    void expectEof() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            fail("server did not close the connection within " + Await.TIMEOUT.toMillis() + " ms");
            return;
        }
        if (b >= 0) {
            byte[] rest = new byte[4096];
            int n = Math.max(0, in.read(rest));
            fail("expected EOF, got: " + (char) b + new String(rest, 0, n, StandardCharsets.UTF_8));
        }
    }

    private int read() throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return fail("no data from the server within " + Await.TIMEOUT.toMillis() + " ms");
        }
    }

    private static boolean isReset(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("reset") || m.contains("Broken pipe"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
