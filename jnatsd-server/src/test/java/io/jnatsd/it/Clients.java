package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** jnats connections for tests: bounded connect, no reconnect unless a test asks, bounded receive. */
final class Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * When the server refuses a connection (-ERR, then close) jnats still waits for its connect
     * timeout before giving up, so tests that expect a refusal use a short one. The -ERR itself
     * arrives in milliseconds.
     */
    static final Duration REFUSED_CONNECT_TIMEOUT = Duration.ofMillis(500);

    private Clients() {
    }

    /**
     * Options for a client of {@code server}: bounded connect, no reconnect, and a silent error
     * listener (jnats's default one logs every -ERR at WARNING).
     */
    static Options.Builder options(RunningServer server) {
        return new Options.Builder()
                .server(server.url())
                .connectionTimeout(CONNECT_TIMEOUT)
                .noReconnect()
                .errorListener(new ErrorEvents());
    }

    static Connection connect(RunningServer server) throws IOException, InterruptedException {
        return Nats.connect(options(server).build());
    }

    static Connection connect(Options.Builder options) throws IOException, InterruptedException {
        return Nats.connect(options.build());
    }

    /**
     * Connects expecting the server to refuse. Returns what the client reports: the exception
     * {@code Nats.connect} threw and the -ERR texts its error listener saw.
     * Fails when the connection succeeds.
     */
    static Refusal connectExpectingRefusal(Options.Builder options) throws InterruptedException {
        ErrorEvents errors = new ErrorEvents();
        Options o = options.connectionTimeout(REFUSED_CONNECT_TIMEOUT).noReconnect().errorListener(errors).build();
        try (Connection c = Nats.connect(o)) {
            return fail("connection was accepted: " + c.getServerInfo());
        } catch (IOException expected) {
            return new Refusal(expected, errors);
        }
    }

    /** How a refused connect looked to jnats. */
    record Refusal(IOException exception, ErrorEvents errors) {
        /** Waits for the -ERR text containing {@code text} and returns it. */
        String awaitError(String text) throws InterruptedException {
            return errors.awaitError(text);
        }
    }

    /** Makes sure everything this connection sent has been processed by the server. */
    static void flush(Connection... connections) throws Exception {
        for (Connection c : connections) {
            c.flush(Await.TIMEOUT);
        }
    }

    /** The next message of a synchronous subscription; fails when none arrives in time. */
    static Message next(Subscription sub) throws InterruptedException {
        Message m = sub.nextMessage(Await.TIMEOUT);
        assertNotNull(m, "no message on " + sub.getSubject() + " within " + Await.TIMEOUT.toMillis() + " ms");
        return m;
    }

    /**
     * The messages already delivered to the subscription's local queue, without waiting.
     * Call after a flush of the subscriber's connection: the server answers the PING after
     * every message it queued before it, so they are all local by then.
     */
    static List<Message> pending(Subscription sub) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        long n = sub.getPendingMessageCount();
        for (long i = 0; i < n; i++) {
            Message m = sub.nextMessage(Duration.ofMillis(1));
            if (m == null) {
                fail("pending count said " + n + " but only " + i + " could be taken");
            }
            out.add(m);
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
