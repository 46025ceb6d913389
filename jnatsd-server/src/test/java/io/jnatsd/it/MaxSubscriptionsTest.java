package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** max_subscriptions: the subscription over the limit is refused, the connection stays. */
class MaxSubscriptionsTest {

    @Test
    void subscriptionOverTheLimitIsRefusedAndTheConnectionKeepsWorking() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (RunningServer server = RunningServer.start(b -> b.maxSubscriptions(2));
             Connection c = Clients.connect(Clients.options(server).errorListener(errors));
             Connection pub = Clients.connect(server)) {
            Subscription a = c.subscribe("a");
            Subscription b = c.subscribe("b");
            Subscription over = c.subscribe("c");
            assertEquals("maximum subscriptions exceeded", errors.awaitError("maximum subscriptions"));

            pub.publish("c", bytes("to the refused one"));
            pub.publish("a", bytes("to a"));
            assertEquals("to a", text(next(a)));
            Clients.flush(c);
            assertEquals(0, over.getPendingMessageCount());
            assertEquals(Connection.Status.CONNECTED, c.getStatus());

            // a freed slot can be used again
            b.unsubscribe();
            Subscription again = c.subscribe("d");
            Clients.flush(c);
            pub.publish("d", bytes("to d"));
            assertEquals("to d", text(next(again)));
            assertEquals(1, errors.errors().size());
        }
    }
}
