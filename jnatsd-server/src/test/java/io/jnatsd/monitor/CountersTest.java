package io.jnatsd.monitor;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Message and byte counters match what jnats clients did, per connection and server-wide. */
class CountersTest {
    private static final int MESSAGES = 200;

    private MonitoredServer server;

    @BeforeEach
    void start() throws IOException {
        server = MonitoredServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static int size(int i) {
        return i % 17 * 31;
    }

    @Test
    void countersMatchTheClientsActivity() throws Exception {
        long payload = 0;
        try (Connection pub = server.connect("pub");
             Connection subA = server.connect("subA");
             Connection subB = server.connect("subB")) {
            Subscription a = subA.subscribe("data.>");
            Subscription b = subB.subscribe("data.*", "group");
            subA.flush(MonitoredServer.TIMEOUT);
            subB.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < MESSAGES; i++) {
                pub.publish("data." + (i % 5), new byte[size(i)]);
                payload += size(i);
            }
            pub.publish("unheard", new byte[7]);
            pub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < MESSAGES; i++) {
                assertNotNull(a.nextMessage(MonitoredServer.TIMEOUT));
                assertNotNull(b.nextMessage(MonitoredServer.TIMEOUT));
            }

            Varz v = server.monitor().varz(VarzOptions.DEFAULT);
            assertEquals(MESSAGES + 1, v.inMsgs());
            assertEquals(payload + 7, v.inBytes());
            assertEquals(2L * MESSAGES, v.outMsgs());
            assertEquals(2 * payload, v.outBytes());
            assertEquals(3, v.connections());
            assertEquals(3, v.totalConnections());
            assertEquals(2, v.subscriptions());

            // per connection, and as the clients themselves counted
            Connz z = server.monitor().connz(ConnzOptions.builder().build());
            ConnInfo p = z.connections().get(0);
            ConnInfo sa = z.connections().get(1);
            ConnInfo sb = z.connections().get(2);
            assertEquals(MESSAGES + 1, p.inMsgs());
            assertEquals(payload + 7, p.inBytes());
            assertEquals(0, p.outMsgs());
            assertEquals(MESSAGES, sa.outMsgs());
            assertEquals(payload, sa.outBytes());
            assertEquals(MESSAGES, sb.outMsgs());
            assertEquals(subA.getStatistics().getInMsgs(), sa.outMsgs());
            assertEquals(subB.getStatistics().getInMsgs(), sb.outMsgs());

            // the same over HTTP
            var json = server.json("/varz");
            assertEquals(MESSAGES + 1, json.get("in_msgs").asLong());
            assertEquals(2 * payload, json.get("out_bytes").asLong());
        }
        Await.until("all three closed", () -> server.server().connectionCount() == 0
                && server.monitor().closedConnections().size() == 3);
        Varz after = server.monitor().varz(VarzOptions.DEFAULT);
        assertEquals(MESSAGES + 1, after.inMsgs(), "totals survive the connections");
        assertEquals(payload + 7, after.inBytes());
        assertEquals(2L * MESSAGES, after.outMsgs());
        assertEquals(2 * payload, after.outBytes());
        assertEquals(0, after.connections());
        assertEquals(3, after.totalConnections());
        assertEquals(0, after.subscriptions());
    }

    @Test
    void subsCountersFollowTheIndex() throws Exception {
        try (Connection c = server.connect("c")) {
            Subscription s = c.subscribe("x");
            c.subscribe("y");
            c.flush(MonitoredServer.TIMEOUT);
            c.publish("x", new byte[1]);
            c.flush(MonitoredServer.TIMEOUT);
            assertNotNull(s.nextMessage(MonitoredServer.TIMEOUT));
            s.unsubscribe();
            c.flush(MonitoredServer.TIMEOUT);

            SubszStats st = server.monitor().subsz(SubszOptions.DEFAULT).stats();
            assertEquals(1, st.numSubscriptions());
            assertEquals(2, st.numInserts());
            assertEquals(1, st.numRemoves());
            assertEquals(1, st.numMatches());
            var json = server.json("/subsz");
            assertEquals(1, json.get("num_subscriptions").asInt());
            assertEquals(2, json.get("num_inserts").asInt());
        }
    }
}
