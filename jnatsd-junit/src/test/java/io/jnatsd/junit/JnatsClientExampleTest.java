package io.jnatsd.junit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What a user of the extension writes: one annotation, one injected URL, the real client. */
@JnatsdServer
class JnatsClientExampleTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ServerUrl
    String url;

    @Test
    void subscriberReceivesWhatIsPublished() throws Exception {
        try (Connection nc = Nats.connect(url)) {
            Subscription sub = nc.subscribe("greetings");
            nc.publish("greetings", "hello".getBytes(StandardCharsets.UTF_8));

            Message m = sub.nextMessage(WAIT);

            assertNotNull(m, "no message within " + WAIT);
            assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void requestGetsTheResponderReply() throws Exception {
        try (Connection responder = Nats.connect(url);
             Connection requester = Nats.connect(new Options.Builder().server(url).build())) {
            Dispatcher d = responder.createDispatcher(msg ->
                    responder.publish(msg.getReplyTo(), ("echo " + new String(msg.getData(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8)));
            d.subscribe("echo");
            responder.flush(WAIT); // the subscription is in place before anyone asks

            Message reply = requester.request("echo", "ping".getBytes(StandardCharsets.UTF_8), WAIT);

            assertNotNull(reply, "no reply within " + WAIT);
            assertEquals("echo ping", new String(reply.getData(), StandardCharsets.UTF_8));
        }
    }
}
