package io.jnatsd.robust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay for one connection that can be frozen: from then on it forwards nothing and
 * reads nothing, in either direction, yet keeps both sockets open. To the server that is a
 * half-open peer (a client whose machine vanished): no FIN, no RST, just silence.
 */
final class BlackholeProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean frozen;

    BlackholeProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread accept = new Thread(this::acceptOne, "blackhole-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Stops all traffic; the sockets stay open until {@link #close()}. */
    void freeze() {
        frozen = true;
    }

    private void acceptOne() {
        try {
            Socket client = listener.accept();
            Socket server = new Socket("127.0.0.1", targetPort);
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            pump(client, server, "blackhole-up");
            pump(server, client, "blackhole-down");
        } catch (IOException e) {
            // closed before a client came
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!frozen) {
                    int n = in.read(buf);
                    if (n < 0 || frozen) {
                        break; // frozen: what was read is dropped, and nothing is read any more
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
