package io.jnatsd.junit;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** jnats connections for tests: bounded connect, no reconnect, bounded receive. */
final class Clients {
    /** Upper bound of any single wait; passing runs never come near it. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private Clients() {
    }

    static Options.Builder options(String url) {
        return new Options.Builder()
                .server(url)
                .connectionTimeout(CONNECT_TIMEOUT)
                .noReconnect()
                // jnats's default listener logs every -ERR; tests that expect one read it themselves
                .errorListener(new ErrorListener() { });
    }

    static Connection connect(String url) throws IOException, InterruptedException {
        return Nats.connect(options(url).build());
    }

    /** The next message of a synchronous subscription; fails when none arrives in time. */
    static Message next(Subscription sub) throws InterruptedException {
        Message m = sub.nextMessage(TIMEOUT);
        assertNotNull(m, "no message on " + sub.getSubject() + " within " + TIMEOUT.toMillis() + " ms");
        return m;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
