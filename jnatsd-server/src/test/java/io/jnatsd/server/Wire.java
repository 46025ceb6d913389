package io.jnatsd.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A raw NATS text-protocol client for black-box tests; every read is bounded by {@link #TIMEOUT}. */
final class Wire implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static Wire open(NatsServer server) throws IOException {
        return open(server.port());
    }

    /** A connection to 127.0.0.1:{@code port}, whichever server listens there. */
    static Wire open(int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout((int) TIMEOUT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return new Wire(s);
    }

    /** Connects, reads INFO, sends CONNECT (verbose off) and checks the PONG. */
    static Wire connected(NatsServer server, String user, String pass) throws IOException {
        Wire w = open(server);
        w.readInfo();
        String creds = user == null ? "" : ",\"user\":\"" + user + "\",\"pass\":\"" + pass + "\"";
        w.send("CONNECT {\"verbose\":false,\"protocol\":1" + creds + "}\r\nPING\r\n");
        assertEquals("PONG", w.readLine(), "answer to CONNECT as " + user);
        return w;
    }

    String readInfo() throws IOException {
        String line = readLine();
        assertTrue(line.startsWith("INFO "), "expected INFO, got: " + line);
        return line.substring(5);
    }

    void send(String protocol) throws IOException {
        out.write(protocol.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends PING and expects PONG: everything the server queued before it has been read. */
    void ping() throws IOException {
        send("PING\r\n");
        assertEquals("PONG", readLine());
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                return fail("no line from the server within " + TIMEOUT.toMillis() + " ms; so far: "
                        + line.toString(StandardCharsets.UTF_8));
            }
            if (b < 0) {
                return fail("EOF before end of line; read so far: " + line.toString(StandardCharsets.UTF_8));
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            prev = b;
        }
    }

    /** Asserts the server closes the connection next, with nothing more sent. */
    void expectEof() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            fail("server did not close the connection within " + TIMEOUT.toMillis() + " ms");
            return;
        } catch (IOException e) {
            return; // reset: closed too
        }
        if (b >= 0) {
            byte[] rest = new byte[4096];
            int n = Math.max(0, in.read(rest));
            fail("expected EOF, got: " + (char) b + new String(rest, 0, n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
