package io.jnatsd.websocket;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.net.ssl.SSLContext;

/**
 * A websocket client on a bare socket for the tests that need to see the wire: the HTTP answer
 * as sent, and frames with their flags. It masks what it sends, and with {@code compress} it
 * deflates and inflates messages as permessage-deflate without context takeover. Every read
 * gives up after {@link #TIMEOUT_MS}.
 */
final class RawWebsocket implements AutoCloseable {
    static final int TIMEOUT_MS = 5_000;
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;
    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The answer to an HTTP request: status line, headers (names lower case, in order), body. */
    record Answer(String statusLine, Map<String, String> headers, String body) {
    }

    /** One frame as received; {@code payload} already inflated when it was compressed. */
    record Frame(boolean fin, boolean compressed, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeStatus() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        String closeText() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private Answer answer;

    private RawWebsocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects (with TLS when {@code tls} is not null) without sending anything. */
    static RawWebsocket connect(int port, SSLContext tls) throws IOException {
        Socket s = tls == null ? new Socket("127.0.0.1", port)
                : tls.getSocketFactory().createSocket("127.0.0.1", port);
        return new RawWebsocket(s);
    }

    /** A valid upgrade request for 127.0.0.1:{@code port} with {@code extraHeaders} (each ending in CRLF). */
    static String upgradeRequest(int port, String extraHeaders) {
        return "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** Connects, sends {@code request} and reads the HTTP answer. */
    static RawWebsocket request(int port, SSLContext tls, String request) throws IOException {
        RawWebsocket ws = connect(port, tls);
        ws.send(request.getBytes(StandardCharsets.ISO_8859_1));
        ws.answer = ws.readAnswer();
        return ws;
    }

    Answer answer() {
        return answer;
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads a status line, headers and a body of Content-Length bytes (to the end without one). */
    private Answer readAnswer() throws IOException {
        String status = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; !(l = line()).isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        String body = "";
        if (!status.contains(" 101 ")) {
            String length = headers.get("content-length");
            body = new String(length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        return new Answer(status, headers, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("end of stream in an HTTP line: " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one masked frame; with {@code compress} the payload is deflated and RSV1 set. */
    void sendFrame(int opcode, byte[] payload, boolean compress) throws IOException {
        byte[] p = compress ? deflate(payload) : payload;
        ByteArrayOutputStream f = new ByteArrayOutputStream(p.length + 14);
        f.write(0x80 | (compress ? 0x40 : 0) | opcode);
        if (p.length < 126) {
            f.write(0x80 | p.length);
        } else if (p.length < 65536) {
            f.write(0x80 | 126);
            f.write(p.length >>> 8);
            f.write(p.length);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) p.length >>> (8 * i)));
            }
        }
        byte[] key = new byte[4];
        RANDOM.nextBytes(key);
        f.write(key, 0, 4);
        for (int i = 0; i < p.length; i++) {
            f.write(p[i] ^ key[i & 3]);
        }
        send(f.toByteArray());
    }

    void sendBinary(String text) throws IOException {
        sendFrame(OP_BINARY, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The next frame, or an exception after {@link #TIMEOUT_MS} or at the end of the stream. */
    Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long len = b1 & 0x7f;
        if (len == 126) {
            len = (readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) {
            throw new EOFException("frame cut short");
        }
        boolean compressed = (b0 & 0x40) != 0;
        return new Frame((b0 & 0x80) != 0, compressed, b0 & 0x0f, compressed ? inflate(payload) : payload);
    }

    /** Reads data frames until their text contains {@code wanted}; returns all text read. */
    String readUntil(String wanted) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().contains(wanted)) {
            Frame f = readFrame();
            if (f.opcode() == OP_CLOSE) {
                throw new IOException("closed (" + f.closeStatus() + " " + f.closeText() + ") before " + wanted
                        + " in: " + sb);
            }
            sb.append(f.text());
        }
        return sb.toString();
    }

    /** True when the server closed the connection (end of stream) within the timeout, nothing more read. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private int readByte() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException("end of stream");
        }
        return c;
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        try {
            d.setInput(data);
            byte[] buf = new byte[data.length + 64];
            int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            // RFC 7692: the 00 00 ff ff of the sync flush is left off
            byte[] out = new byte[n - 4];
            System.arraycopy(buf, 0, out, 0, n - 4);
            return out;
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] data) throws IOException {
        Inflater inf = new Inflater(true);
        try {
            byte[] all = new byte[data.length + DEFLATE_TAIL.length];
            System.arraycopy(data, 0, all, 0, data.length);
            System.arraycopy(DEFLATE_TAIL, 0, all, data.length, DEFLATE_TAIL.length);
            inf.setInput(all);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.needsInput()) {
                int n = inf.inflate(buf);
                if (n == 0 && inf.needsInput()) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("bad compressed frame", e);
        } finally {
            inf.end();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
