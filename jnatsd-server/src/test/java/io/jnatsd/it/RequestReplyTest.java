package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request/reply, headers and no-responders through jnatsd with jnats. */
class RequestReplyTest {
    /** Far longer than a no-responders answer takes, so a fast failure cannot be this timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);

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
    void requestGetsTheResponderReply() throws Exception {
        try (Connection responder = Clients.connect(server); Connection requester = Clients.connect(server)) {
            Dispatcher d = responder.createDispatcher();
            d.subscribe("svc.echo", m -> responder.publish(m.getReplyTo(), bytes("re:" + text(m))));
            Clients.flush(responder);

            Message reply = requester.request("svc.echo", bytes("ping"), REQUEST_TIMEOUT);

            assertNotNull(reply, "no reply within " + REQUEST_TIMEOUT);
            assertEquals("re:ping", text(reply));
        }
    }

    @Test
    void manyConcurrentRequestsEachGetTheirOwnReply() throws Exception {
        try (Connection responder = Clients.connect(server); Connection requester = Clients.connect(server)) {
            Dispatcher d = responder.createDispatcher();
            d.subscribe("svc.double", m -> responder.publish(m.getReplyTo(),
                    bytes(Integer.toString(2 * Integer.parseInt(text(m))))));
            Clients.flush(responder);

            List<CompletableFuture<Message>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(requester.request("svc.double", bytes(Integer.toString(i))));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(Integer.toString(2 * i), text(Await.result("reply " + i, futures.get(i))));
            }
        }
    }

    @Test
    void requestToQueueGroupIsAnsweredOnce() throws Exception {
        try (Connection r1 = Clients.connect(server); Connection r2 = Clients.connect(server);
             Connection requester = Clients.connect(server)) {
            r1.createDispatcher().subscribe("svc.q", "responders", m -> r1.publish(m.getReplyTo(), bytes("r1")));
            r2.createDispatcher().subscribe("svc.q", "responders", m -> r2.publish(m.getReplyTo(), bytes("r2")));
            Clients.flush(r1, r2);

            for (int i = 0; i < 20; i++) {
                Message reply = requester.request("svc.q", bytes("x"), REQUEST_TIMEOUT);
                assertNotNull(reply);
            }
            Clients.flush(r1, r2, requester);
            assertEquals(20, requester.getStatistics().getRepliesReceived());
            assertEquals(0, requester.getStatistics().getDuplicateRepliesReceived(), "one answer per request");
        }
    }

    @Test
    void headersWithSeveralValuesRoundTrip() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("with.headers");
            Clients.flush(sub);

            Headers h = new Headers();
            h.add("X-Multi", "one", "two", "three");
            h.put("X-Single", "value with spaces");
            pub.publish("with.headers", h, bytes("body"));

            Message m = next(s);
            assertTrue(m.hasHeaders());
            assertEquals(List.of("one", "two", "three"), m.getHeaders().get("X-Multi"));
            assertEquals(List.of("value with spaces"), m.getHeaders().get("X-Single"));
            assertEquals("body", text(m));
        }
    }

    @Test
    void headersWithEmptyBodyRoundTrip() throws Exception {
        try (Connection c = Clients.connect(server)) {
            Subscription s = c.subscribe("hdr.only");
            c.publish("hdr.only", new Headers().put("K", "v"), null);
            Message m = next(s);
            assertEquals("v", m.getHeaders().getFirst("K"));
            assertEquals(0, m.getData().length);
        }
    }

    @Test
    void requestAndReplyCarryHeaders() throws Exception {
        try (Connection responder = Clients.connect(server); Connection requester = Clients.connect(server)) {
            responder.createDispatcher().subscribe("svc.hdr", m -> responder.publish(m.getReplyTo(),
                    new Headers().put("X-Echo", m.getHeaders().getFirst("X-Req")), bytes("ok")));
            Clients.flush(responder);

            Message reply = requester.request("svc.hdr", new Headers().put("X-Req", "42"), bytes("q"), REQUEST_TIMEOUT);

            assertNotNull(reply);
            assertEquals("42", reply.getHeaders().getFirst("X-Echo"));
        }
    }

    @Test
    void subscriberWithoutHeaderSupportGetsTheBodyOnly() throws Exception {
        try (Connection plain = Clients.connect(Clients.options(server).noHeaders().noNoResponders());
             Connection pub = Clients.connect(server)) {
            Subscription s = plain.subscribe("mixed");
            Clients.flush(plain);

            pub.publish("mixed", new Headers().put("K", "v"), bytes("just the body"));

            Message m = next(s);
            assertFalse(m.hasHeaders());
            assertEquals("just the body", text(m));
        }
    }

    @Test
    void clientAskingForNoRespondersWithoutHeadersIsRefused() throws Exception {
        // jnats's noHeaders() alone still asks for no_responders, which nats-server refuses too
        Clients.Refusal errors = Clients.connectExpectingRefusal(Clients.options(server).noHeaders());
        errors.awaitError("no responders requires headers support");
    }

    @Test
    void requestWithNoRespondersIsCancelledAtOnceNotTimedOut() throws Exception {
        try (Connection requester = Clients.connect(server)) {
            long start = System.nanoTime();
            CompletableFuture<Message> f = requester.requestWithTimeout("nobody.home", bytes("?"), REQUEST_TIMEOUT);

            // jnats 2.26 cancels the request future when the 503 status arrives (its default).
            assertThrows(CancellationException.class, () -> f.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start < REQUEST_TIMEOUT.toNanos() / 2,
                    "no-responders came back well before the request timeout");
        }
    }

    @Test
    void requestWithNoRespondersReportsStatus503WhenAsked() throws Exception {
        try (Connection requester = Clients.connect(Clients.options(server).reportNoResponders())) {
            CompletableFuture<Message> f = requester.requestWithTimeout("nobody.home", bytes("?"), REQUEST_TIMEOUT);

            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            JetStreamStatusException status = assertInstanceOf(JetStreamStatusException.class, e.getCause());
            assertEquals(503, status.getStatus().getCode());
        }
    }

    @Test
    void blockingRequestWithNoRespondersReturnsNothingAtOnce() throws Exception {
        try (Connection requester = Clients.connect(server)) {
            long start = System.nanoTime();
            Message reply = requester.request("nobody.home", bytes("?"), REQUEST_TIMEOUT);
            assertEquals(null, reply);
            assertTrue(System.nanoTime() - start < REQUEST_TIMEOUT.toNanos() / 2,
                    "no-responders came back well before the request timeout");
        }
    }

    @Test
    void serverSendsNoRespondersStatusOnTheWire() throws Exception {
        try (RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\n"
                    + "SUB _INBOX.me 7\r\nPUB nobody.home _INBOX.me 1\r\n?\r\nPING\r\n");
            assertEquals("HMSG _INBOX.me 7 16 16", raw.readLine());
            assertEquals("NATS/1.0 503\r\n\r\n", new String(raw.readPayload(16)));
            assertEquals("PONG", raw.readLine());
        }
    }

    @Test
    void noRespondersIsNotSentToClientsThatDidNotAskForIt() throws Exception {
        try (RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false,\"headers\":true}\r\n"
                    + "SUB _INBOX.me 7\r\nPUB nobody.home _INBOX.me 1\r\n?\r\nPING\r\n");
            assertEquals("PONG", raw.readLine());
        }
    }
}
