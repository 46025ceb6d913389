package io.jnatsd.route;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The cluster's import/export permissions, as nats-server's: import filters the interest a
 * server announces (so what it receives), export the interest it accepts (so what it sends).
 * Absence is proven with a marker: interest and messages on one route keep their order, so when
 * a later marker has arrived, anything filtered would have arrived before it.
 */
class RoutePermissionsTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static Permissions importExport(List<String> importAllow, List<String> exportAllow) {
        return new Permissions(new SubjectPermission(importAllow, null), new SubjectPermission(exportAllow, null));
    }

    private <T extends AutoCloseable> T keep(T c) {
        closeables.add(c);
        return c;
    }

    private Connection connect(Node n) throws Exception {
        return keep(Nats.connect(n.clientUrl()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A (import in.>, export out.>) routed to B (no permissions). */
    private Node[] pair() throws Exception {
        Node a = keep(Node.startWith("A", c -> c.withPermissions(importExport(List.of("in.>"), List.of("out.>")))));
        Node b = keep(Node.start("B", 0, a.routeUrl()));
        Node.await("A and B routed", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
        return new Node[] {a, b};
    }

    @Test
    void importAnnouncesOnlyAllowedInterest() throws Exception {
        Node[] n = pair();
        Node a = n[0];
        Node b = n[1];
        Connection onA = connect(a);
        Subscription allowed = onA.subscribe("in.x");
        Subscription filtered = onA.subscribe("other.x");
        onA.subscribe("in.marker");
        onA.flush(Duration.ofSeconds(2));
        Node.await("B sees A's marker interest", () -> b.interest("in.marker") == 1);
        assertEquals(1, b.interest("in.x"));
        assertEquals(0, b.interest("other.x"), "A announced interest its import permission does not allow");

        Connection onB = connect(b);
        onB.publish("other.x", bytes("never"));
        onB.publish("in.x", bytes("imported"));
        onB.flush(Duration.ofSeconds(2));
        Message m = allowed.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("imported", new String(m.getData(), StandardCharsets.UTF_8));
        // "never" was published first on the same connection: had it crossed, it would be queued already
        assertEquals(0, filtered.getPendingMessageCount(), "a message crossed without announced interest");
    }

    @Test
    void exportAcceptsOnlyAllowedInterest() throws Exception {
        Node[] n = pair();
        Node a = n[0];
        Node b = n[1];
        Connection onB = connect(b);
        Subscription allowed = onB.subscribe("out.y");
        Subscription refused = onB.subscribe("secret.y");
        onB.subscribe("out.marker");
        onB.flush(Duration.ofSeconds(2));
        Node.await("A accepted B's marker interest", () -> a.interest("out.marker") == 1);
        assertEquals(1, a.interest("out.y"));
        assertEquals(0, a.interest("secret.y"), "A accepted interest its export permission does not allow");

        Connection onA = connect(a);
        onA.publish("secret.y", bytes("kept"));
        onA.publish("out.y", bytes("exported"));
        onA.flush(Duration.ofSeconds(2));
        Message m = allowed.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("exported", new String(m.getData(), StandardCharsets.UTF_8));
        assertEquals(0, refused.getPendingMessageCount(), "a message went out on a subject not exported");
    }

    @Test
    void reloadWithdrawsInterestNoLongerImportedAndDropsInterestNoLongerExported() throws Exception {
        Node a = keep(Node.start("A", 0));
        Node b = keep(Node.start("B", 0, a.routeUrl()));
        Node.await("A and B routed", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
        Connection onA = connect(a);
        Connection onB = connect(b);
        onA.subscribe("x.1");
        onA.subscribe("q.1", "workers");
        onB.subscribe("y.1");
        onA.flush(Duration.ofSeconds(2));
        onB.flush(Duration.ofSeconds(2));
        Node.await("interest crossed both ways", () -> b.interest("x.1") == 1 && b.interest("q.1") == 1
                && a.interest("y.1") == 1);

        Permissions denyAll = new Permissions(new SubjectPermission(null, List.of("x.>", "q.>")),
                new SubjectPermission(null, List.of("y.>")));
        a.server.reload(a.server.options().toBuilder().cluster(a.server.options().cluster().withPermissions(denyAll))
                .build());
        Node.await("B lost A's interest no longer imported", () -> b.interest("x.1") == 0 && b.interest("q.1") == 0);
        Node.await("A dropped B's interest no longer exported", () -> a.interest("y.1") == 0);

        // and back: the interest is announced again
        a.server.reload(a.server.options().toBuilder().cluster(a.server.options().cluster().withPermissions(null))
                .build());
        Node.await("B sees A's interest again", () -> b.interest("x.1") == 1 && b.interest("q.1") == 1);
    }
}
