package io.jnatsd.it;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-user publish and subscribe permissions, seen by jnats clients. */
class PermissionsTest {
    private static final String MARKER = "MARKER";

    private RunningServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start(b -> b
                .addUser(new User("admin", "pw", null))
                .addUser(new User("nosecrets", "pw", new Permissions(
                        new SubjectPermission(null, List.of("secret.>")), null)))
                .addUser(new User("narrowpub", "pw", new Permissions(
                        new SubjectPermission(List.of("allowed.*"), null), null)))
                .addUser(new User("narrowsub", "pw", new Permissions(
                        null, new SubjectPermission(List.of("news.*", "inbox.>"), null))))
                .addUser(new User("nopeek", "pw", new Permissions(
                        null, new SubjectPermission(null, List.of("events.secret", "events.hidden.>")))))
                .addUser(new User("worker", "pw", new Permissions(
                        null, new SubjectPermission(List.of("jobs.* workers"), null)))));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Connection connectAs(String user, ErrorEvents errors) throws Exception {
        return Clients.connect(Clients.options(server).userInfo(user, "pw").errorListener(errors));
    }

    private Connection connectAs(String user) throws Exception {
        return connectAs(user, new ErrorEvents());
    }

    @Test
    void deniedPublishIsReportedAndDroppedWhileAllowedPublishesFlow() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection admin = connectAs("admin"); Connection restricted = connectAs("nosecrets", errors)) {
            Subscription all = admin.subscribe(">");
            Clients.flush(admin);

            restricted.publish("secret.plans", bytes("leak"));
            restricted.publish("public.news", bytes("hello"));
            restricted.publish("secretary", bytes("not covered by secret.>"));
            restricted.publish("marker", bytes(MARKER));

            assertEquals("Permissions Violation for Publish to \"secret.plans\"",
                    errors.awaitError("Permissions Violation"));
            assertEquals(List.of("public.news", "secretary"), subjectsBeforeMarker(all));
            // a publish violation does not close the connection
            Clients.flush(restricted);
            assertEquals(Connection.Status.CONNECTED, restricted.getStatus());
            restricted.publish("public.news", bytes("still here"));
            assertEquals("still here", text(next(all)));
            assertEquals(List.of("Permissions Violation for Publish to \"secret.plans\""), errors.errors());
        }
    }

    @Test
    void publishAllowListRefusesEverythingElse() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection admin = connectAs("admin"); Connection narrow = connectAs("narrowpub", errors)) {
            Subscription all = admin.subscribe(">");
            Clients.flush(admin);

            narrow.publish("other", bytes("x"));
            narrow.publish("allowed.one", bytes("x"));
            narrow.publish("allowed.one.two", bytes("x"));
            narrow.publish("allowed.marker", bytes(MARKER));

            assertEquals(List.of("allowed.one"), subjectsBeforeMarker(all));
            assertEquals("Permissions Violation for Publish to \"other\"", errors.awaitError("other"));
            assertEquals("Permissions Violation for Publish to \"allowed.one.two\"", errors.awaitError("allowed.one.two"));
        }
    }

    @Test
    void subscribeAllowListRefusesOtherSubjectsAndTheRefusedSubscriptionGetsNothing() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection admin = connectAs("admin"); Connection narrow = connectAs("narrowsub", errors)) {
            Subscription refused = narrow.subscribe("other");
            Subscription ok = narrow.subscribe("news.sport");
            Subscription inbox = narrow.subscribe("inbox.a.b");
            Clients.flush(narrow);
            assertEquals("Permissions Violation for Subscription to \"other\"", errors.awaitError("\"other\""));

            admin.publish("other", bytes("x"));
            admin.publish("news.sport", bytes("goal"));
            admin.publish("inbox.a.b", bytes("mail"));
            Clients.flush(admin);

            assertEquals("goal", text(next(ok)));
            assertEquals("mail", text(next(inbox)));
            Clients.flush(narrow);
            assertEquals(0, refused.getPendingMessageCount());
            assertEquals(2, narrow.getStatistics().getInMsgs(), "the server sent only the two allowed messages");
            assertEquals(Connection.Status.CONNECTED, narrow.getStatus());
            assertEquals(List.of("Permissions Violation for Subscription to \"other\""), errors.errors());
        }
    }

    @Test
    void wildcardSubscriptionDoesNotReceiveMessagesOnDeniedSubjects() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection admin = connectAs("admin"); Connection peeker = connectAs("nopeek", errors)) {
            Subscription one = peeker.subscribe("events.*");
            Subscription all = peeker.subscribe("events.>");
            Clients.flush(peeker);

            for (String s : List.of("events.public", "events.secret", "events.hidden.x", "events.hidden",
                    "events.public.y", "events.marker")) {
                admin.publish(s, bytes(s.equals("events.marker") ? MARKER : s));
            }

            assertEquals(List.of("events.public", "events.hidden"), subjectsBeforeMarker(one));
            assertEquals(List.of("events.public", "events.hidden", "events.public.y"), subjectsBeforeMarker(all));
            assertTrue(errors.errors().isEmpty(), "wildcard subscriptions overlapping a deny are allowed: " + errors.errors());
        }
    }

    @Test
    void subscribingDirectlyToADeniedSubjectIsRefused() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection peeker = connectAs("nopeek", errors)) {
            peeker.subscribe("events.secret");
            peeker.subscribe("events.hidden.deep");
            assertEquals("Permissions Violation for Subscription to \"events.secret\"", errors.awaitError("events.secret"));
            assertEquals("Permissions Violation for Subscription to \"events.hidden.deep\"",
                    errors.awaitError("events.hidden.deep"));
        }
    }

    @Test
    void queuePermissionAllowsTheNamedQueueOnly() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection admin = connectAs("admin"); Connection worker = connectAs("worker", errors)) {
            Subscription inQueue = worker.subscribe("jobs.build", "workers");
            worker.subscribe("jobs.build");
            worker.subscribe("jobs.build", "others");
            Clients.flush(worker);
            assertEquals("Permissions Violation for Subscription to \"jobs.build\"", errors.awaitError("\"jobs.build\""));
            assertEquals("Permissions Violation for Subscription to \"jobs.build\" using queue \"others\"",
                    errors.awaitError("others"));

            admin.publish("jobs.build", bytes("job"));
            assertEquals("job", text(next(inQueue)));
        }
    }

    /** Subjects received, in order, up to the message carrying {@link #MARKER}. */
    private static List<String> subjectsBeforeMarker(Subscription s) throws InterruptedException {
        List<String> subjects = new ArrayList<>();
        while (true) {
            Message m = next(s);
            if (text(m).equals(MARKER)) {
                return subjects;
            }
            subjects.add(m.getSubject());
        }
    }
}
