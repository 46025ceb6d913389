package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publish/subscribe through jnatsd as the jnats client sees it. */
class PubSubTest {
    private RunningServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void publishedMessageReachesSubscriberOnAnotherConnection() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("greeting");
            Clients.flush(sub);

            pub.publish("greeting", "reply.here", bytes("hello"));

            Message m = next(s);
            assertEquals("greeting", m.getSubject());
            assertEquals("reply.here", m.getReplyTo());
            assertEquals("hello", text(m));
            assertFalse(m.hasHeaders());
        }
    }

    @Test
    void nonAsciiSubjectsMatchLiterallyAndByWildcard() throws Exception {
        try (Connection sub = Clients.connect(Clients.options(server).supportUTF8Subjects());
             Connection pub = Clients.connect(Clients.options(server).supportUTF8Subjects())) {
            Subscription literal = sub.subscribe("città.übersicht");
            Subscription wildcard = sub.subscribe("città.*");
            Clients.flush(sub);
            pub.publish("città.übersicht", bytes("ciao"));
            Message m = next(literal);
            assertEquals("città.übersicht", m.getSubject());
            assertEquals("ciao", text(m));
            assertEquals("città.übersicht", next(wildcard).getSubject());
        }
    }

    @Test
    void verboseClientGetsOkForEachProtocolMessageAndStillWorks() throws Exception {
        try (Connection c = Clients.connect(Clients.options(server).verbose())) {
            Subscription s = c.subscribe("verbose");
            c.publish("verbose", bytes("v"));
            assertEquals("v", text(next(s)));
            Clients.flush(c);
            assertTrue(c.getStatistics().getOKs() >= 3, "+OK for CONNECT, SUB and PUB: " + c.getStatistics().getOKs());
        }
    }

    @Test
    void emptyPayloadIsDelivered() throws Exception {
        try (Connection c = Clients.connect(server)) {
            Subscription s = c.subscribe("empty");
            c.publish("empty", new byte[0]);
            assertEquals(0, next(s).getData().length);
        }
    }

    @Test
    void tenThousandMessagesArriveInOrderWithNoneLostOrExtra() throws Exception {
        int n = 10_000;
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("seq");
            Clients.flush(sub);

            for (int i = 0; i < n; i++) {
                pub.publish("seq", bytes(Integer.toString(i)));
            }
            pub.publish("seq", bytes("end"));

            for (int i = 0; i < n; i++) {
                assertEquals(Integer.toString(i), text(next(s)), "message " + i);
            }
            // Order is kept per publisher, so the marker coming next proves nothing extra was sent.
            assertEquals("end", text(next(s)));
            assertEquals(n + 1, sub.getStatistics().getInMsgs());
        }
    }

    @Test
    void largePayloadsOfVariousSizesArriveIntact() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("big");
            Clients.flush(sub);
            int[] sizes = {1, 4095, 4096, 65_535, 65_536, 300_000, 1024 * 1024};
            for (int size : sizes) {
                byte[] data = new byte[size];
                for (int i = 0; i < size; i++) {
                    data[i] = (byte) (i * 31 + size);
                }
                pub.publish("big", data);
            }
            for (int size : sizes) {
                byte[] got = next(s).getData();
                assertEquals(size, got.length);
                for (int i = 0; i < size; i++) {
                    if (got[i] != (byte) (i * 31 + size)) {
                        throw new AssertionError("payload of " + size + " bytes differs at " + i);
                    }
                }
            }
        }
    }

    @Test
    void singleTokenWildcardMatchesExactlyOneToken() throws Exception {
        assertEquals(List.of("foo.bar"), receivedBefore("foo.end", "foo.*"));
    }

    @Test
    void fullWildcardMatchesOneOrMoreTrailingTokens() throws Exception {
        assertEquals(List.of("foo.bar", "foo.bar.baz", "foo.bar.qux"), receivedBefore("foo.end", "foo.>"));
    }

    @Test
    void wildcardInTheMiddleMatchesAnyTokenThere() throws Exception {
        assertEquals(List.of("foo.bar.baz"), receivedBefore("foo.end.baz", "foo.*.baz"));
    }

    @Test
    void fullWildcardAloneMatchesEverySubject() throws Exception {
        assertEquals(PUBLISHED, receivedBefore("end", ">"));
    }

    @Test
    void literalSubjectDoesNotMatchLongerOrShorterSubjects() throws Exception {
        assertEquals(List.of("foo.bar"), receivedBefore("foo.bar", "foo.bar"));
    }

    private static final List<String> PUBLISHED =
            List.of("foo.bar", "foo.bar.baz", "foo", "bar.x", "bar.foo.baz", "foo.bar.qux");
    private static final String MARKER = "MARKER";

    /**
     * Subjects, in order, that a subscription on {@code pattern} receives of {@link #PUBLISHED},
     * followed by a marker message on {@code markerSubject}. A publisher's messages keep their
     * order, so once the marker arrives every earlier match has arrived too, and a subject
     * missing from the list was not delivered.
     */
    private List<String> receivedBefore(String markerSubject, String pattern) throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe(pattern);
            Clients.flush(sub);
            for (String subject : PUBLISHED) {
                pub.publish(subject, bytes(subject));
            }
            pub.publish(markerSubject, bytes(MARKER));
            List<String> subjects = new ArrayList<>();
            while (true) {
                Message m = next(s);
                if (text(m).equals(MARKER)) {
                    assertEquals(markerSubject, m.getSubject());
                    return subjects;
                }
                subjects.add(m.getSubject());
            }
        }
    }

    @Test
    void queueGroupDeliversEachMessageToExactlyOneMemberWhilePlainSubscriberGetsAll() throws Exception {
        int n = 300;
        List<Connection> members = new ArrayList<>();
        try (Connection plainConn = Clients.connect(server); Connection pub = Clients.connect(server)) {
            List<Subscription> memberSubs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Connection c = Clients.connect(server);
                members.add(c);
                memberSubs.add(c.subscribe("jobs", "workers"));
                Clients.flush(c);
            }
            Subscription plain = plainConn.subscribe("jobs");
            Clients.flush(plainConn);

            for (int i = 0; i < n; i++) {
                pub.publish("jobs", bytes(Integer.toString(i)));
            }
            Clients.flush(pub);
            // After the publisher's flush every message is queued for its receivers; a flush
            // of each receiver then brings them all into the client's local queue.
            for (Connection c : members) {
                Clients.flush(c);
            }
            Clients.flush(plainConn);

            Set<String> seen = new HashSet<>();
            int total = 0;
            for (Subscription s : memberSubs) {
                List<Message> got = Clients.pending(s);
                assertFalse(got.isEmpty(), "each member of the group gets a share of " + n + " messages");
                for (Message m : got) {
                    assertTrue(seen.add(text(m)), "delivered twice within the group: " + text(m));
                }
                total += got.size();
            }
            assertEquals(n, total, "messages delivered across the queue group");
            assertEquals(n, seen.size());

            List<Message> all = Clients.pending(plain);
            assertEquals(n, all.size(), "plain subscriber beside the group");
            for (int i = 0; i < n; i++) {
                assertEquals(Integer.toString(i), text(all.get(i)));
            }
        } finally {
            for (Connection c : members) {
                c.close();
            }
        }
    }

    @Test
    void twoQueueGroupsOnOneSubjectEachGetEveryMessageOnce() throws Exception {
        int n = 50;
        try (Connection a = Clients.connect(server); Connection b = Clients.connect(server);
             Connection pub = Clients.connect(server)) {
            Subscription a1 = a.subscribe("work", "g1");
            Subscription a2 = a.subscribe("work", "g2");
            Subscription b1 = b.subscribe("work", "g1");
            Subscription b2 = b.subscribe("work", "g2");
            Clients.flush(a, b);
            for (int i = 0; i < n; i++) {
                pub.publish("work", bytes(Integer.toString(i)));
            }
            Clients.flush(pub, a, b);
            assertEquals(n, Clients.pending(a1).size() + Clients.pending(b1).size(), "group g1");
            assertEquals(n, Clients.pending(a2).size() + Clients.pending(b2).size(), "group g2");
        }
    }

    @Test
    void queueMemberThatReachesItsAutoUnsubscribeLimitLeavesTheRestToTheOthers() throws Exception {
        int n = 200;
        try (Connection limitedConn = Clients.connect(server); Connection otherConn = Clients.connect(server);
             Connection pub = Clients.connect(server)) {
            Subscription limited = limitedConn.subscribe("tasks", "pool");
            limited.unsubscribe(5);
            Subscription other = otherConn.subscribe("tasks", "pool");
            Clients.flush(limitedConn, otherConn);
            for (int i = 0; i < n; i++) {
                pub.publish("tasks", bytes(Integer.toString(i)));
            }
            Clients.flush(pub, limitedConn, otherConn);

            // jnats drops anything past the limit itself, so over-delivery would show as a loss
            assertEquals(5, limitedConn.getStatistics().getInMsgs(), "sent to the limited member");
            assertEquals(n - 5, otherConn.getStatistics().getInMsgs(), "sent to the other member");
            assertEquals(5, Clients.pending(limited).size());
            assertEquals(n - 5, Clients.pending(other).size());
        }
    }

    @Test
    void unsubscribeWithLimitDeliversExactlyThatMany() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("limited");
            s.unsubscribe(3);
            Clients.flush(sub);
            for (int i = 0; i < 10; i++) {
                pub.publish("limited", bytes(Integer.toString(i)));
            }
            Clients.flush(pub, sub);

            assertEquals(List.of("0", "1", "2"), Clients.pending(s).stream().map(Clients::text).toList());
            // The client counts what came off the wire: the server itself stopped at 3.
            assertEquals(3, sub.getStatistics().getInMsgs());
            assertFalse(s.isActive());
        }
    }

    @Test
    void serverStopsDeliveringAtTheAutoUnsubscribeLimit() throws Exception {
        try (RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false}\r\nSUB auto 1\r\nUNSUB 1 2\r\n");
            for (int i = 0; i < 5; i++) {
                raw.send("PUB auto 1\r\n" + i + "\r\n");
            }
            raw.send("PING\r\n");
            assertEquals("MSG auto 1 1", raw.readLine());
            assertEquals("0", new String(raw.readPayload(1)));
            assertEquals("MSG auto 1 1", raw.readLine());
            assertEquals("1", new String(raw.readPayload(1)));
            assertEquals("PONG", raw.readLine());
            // and the subscription is gone: a later publish is not delivered either
            raw.send("PUB auto 1\r\nx\r\nPING\r\n");
            assertEquals("PONG", raw.readLine());
        }
    }

    @Test
    void noEchoConnectionDoesNotReceiveItsOwnMessagesButReceivesOthers() throws Exception {
        try (Connection quiet = Clients.connect(Clients.options(server).noEcho());
             Connection other = Clients.connect(server)) {
            Subscription own = quiet.subscribe("chat");
            Subscription watcher = other.subscribe("chat");
            Clients.flush(quiet, other);

            quiet.publish("chat", bytes("from-quiet"));
            Clients.flush(quiet);
            // the message really was published: the other connection gets it
            assertEquals("from-quiet", text(next(watcher)));
            // a flush brings in anything the server sent before it: nothing
            Clients.flush(quiet);
            assertEquals(0, own.getPendingMessageCount());

            other.publish("chat", bytes("from-other"));
            assertEquals("from-other", text(next(own)));
            assertEquals(1, quiet.getStatistics().getInMsgs());
        }
    }

    @Test
    void echoIsOnByDefault() throws Exception {
        try (Connection c = Clients.connect(server)) {
            Subscription s = c.subscribe("self");
            c.publish("self", bytes("me"));
            assertEquals("me", text(next(s)));
        }
    }

    @Test
    void nothingArrivesForASubscriptionOnceItsUnsubscribeIsFlushedEvenMidStream() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("stream");
            Clients.flush(sub);
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Integer> publisher = CompletableFuture.supplyAsync(() -> {
                int i = 0;
                while (!stop.get()) {
                    pub.publish("stream", bytes(Integer.toString(i++)));
                }
                return i;
            });
            next(s); // the stream is flowing
            s.unsubscribe();
            Clients.flush(sub);
            long atUnsubscribe = sub.getStatistics().getInMsgs();

            stop.set(true);
            int published = Await.result("publisher stopped", publisher);
            Clients.flush(pub, sub);
            assertEquals(atUnsubscribe, sub.getStatistics().getInMsgs(),
                    "MSGs after the UNSUB was acknowledged (" + published + " published)");
        }
    }

    @Test
    void unsubscribedSubscriptionReceivesNothingMore() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription gone = sub.subscribe("topic");
            Subscription stays = sub.subscribe("topic");
            Clients.flush(sub);
            gone.unsubscribe();
            Clients.flush(sub);
            pub.publish("topic", bytes("after"));
            assertEquals("after", text(next(stays)));
            Clients.flush(sub);
            assertEquals(1, sub.getStatistics().getInMsgs(), "server sent the message once, to the live sid");
            assertEquals(0, stays.getPendingMessageCount());
        }
    }
}
