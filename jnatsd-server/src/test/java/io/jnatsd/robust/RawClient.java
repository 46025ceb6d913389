package io.jnatsd.robust;

import io.jnatsd.server.NatsServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A plain socket speaking the NATS text protocol; every read is bounded by the socket timeout. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawClient connect(NatsServer server) throws IOException {
        return connect(server.port(), 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting, 0 for the default */
    static RawClient connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setSoTimeout((int) Servers.TIMEOUT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return new RawClient(s);
    }

    /** Reads INFO, sends a quiet CONNECT (plus {@code more}) and a PING, and waits for the PONG. */
    RawClient handshake(String more) throws IOException {
        String info = readLine();
        assertTrue(info.startsWith("INFO "), info);
        send("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n" + more + "PING\r\n");
        String line = readLine();
        if (!"PONG".equals(line)) {
            fail("expected PONG after the handshake, got: " + line);
        }
        return this;
    }

    void send(String protocol) throws IOException {
        send(protocol.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One CRLF-terminated line without the CRLF; fails on EOF or timeout. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                return fail("no line from the server within " + Servers.TIMEOUT.toMillis() + " ms");
            }
            if (b < 0) {
                return fail("EOF before end of line; read so far: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            prev = b;
        }
    }

    /** Reads n bytes of payload plus the CRLF. */
    byte[] readPayload(int n) throws IOException {
        byte[] data = in.readNBytes(n + 2);
        assertTrue(data.length == n + 2, "EOF inside a payload");
        return java.util.Arrays.copyOf(data, n);
    }

    /** Asserts that the server closes without sending anything more. */
    void expectEof() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            fail("server did not close the connection within " + Servers.TIMEOUT.toMillis() + " ms");
            return;
        } catch (IOException e) {
            return; // reset: closed too
        }
        if (b >= 0) {
            byte[] rest = new byte[4096];
            int n = Math.max(0, in.read(rest));
            fail("expected EOF, got: " + (char) b + new String(rest, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
