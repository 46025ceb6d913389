package io.jnatsd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.User;
import io.jnatsd.config.ServerOptions;
import io.nats.client.NKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nkey authentication on the wire: the nonce in INFO, CONNECT with {@code nkey} and {@code sig},
 * and nats-server's answers and log lines for each way of getting it wrong (the texts are checked
 * against nats-server itself in {@link NKeyDifferentialTest}).
 */
class NKeyAuthWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIOLATION = "-ERR 'Authorization Violation'";

    private final RecordingLog log = RecordingLog.withDebug();
    private NatsServer server;

    private static final NKey ALICE = newUser();
    private static final NKey MALLORY = newUser();

    private static NKey newUser() {
        try {
            return NKey.createUser(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String publicKey(NKey k) {
        try {
            return new String(k.getPublicKey());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static NKeyUser configured(NKey k, Permissions p) {
        return new NKeyUser(io.jnatsd.auth.NKey.parseUser(publicKey(k)), p);
    }

    /** The signature of {@code nonce} by {@code key}, as clients send it: URL-safe base64, no padding. */
    static String sign(NKey key, String nonce) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    key.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void start(ServerOptions.Builder b) throws IOException {
        server = new NatsServer(b.host("127.0.0.1").port(0).ioThreads(1).build(), log).start();
    }

    private void startWithAlice() throws IOException {
        start(ServerOptions.builder().nkeys(List.of(configured(ALICE, null)))
                .users(List.of(new User("carol", "c", null))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode info(Wire w) throws IOException {
        return JSON.readTree(w.readInfo());
    }

    /** Sends CONNECT with {@code fields} (JSON members, no braces) and a PING; returns the first answer. */
    private static String connect(Wire w, String fields) throws IOException {
        w.send("CONNECT {\"verbose\":false" + (fields.isEmpty() ? "" : "," + fields) + "}\r\nPING\r\n");
        return w.readLine();
    }

    private static String nkeyFields(String nkey, String sig) {
        return "\"nkey\":\"" + nkey + "\"" + (sig == null ? "" : ",\"sig\":\"" + sig + "\"");
    }

    @Test
    void infoCarriesAFreshNonceOfFifteenUrlSafeCharacters() throws Exception {
        startWithAlice();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            try (Wire w = Wire.open(server)) {
                JsonNode info = info(w);
                assertTrue(info.get("auth_required").asBoolean(), info.toString());
                String nonce = info.get("nonce").asText();
                assertTrue(nonce.matches("[A-Za-z0-9_-]{15}"), nonce);
                nonces.add(nonce);
            }
        }
        assertEquals(5, nonces.size(), "each connection gets its own nonce");
    }

    @Test
    void noNonceWithoutNkeyUsers() throws Exception {
        start(ServerOptions.builder().users(List.of(new User("carol", "c", null))));
        try (Wire w = Wire.open(server)) {
            JsonNode info = info(w);
            assertTrue(info.get("auth_required").asBoolean());
            assertFalse(info.has("nonce"), info.toString());
        }
        server.close();
        start(ServerOptions.builder());
        try (Wire w = Wire.open(server)) {
            assertFalse(info(w).has("nonce"));
        }
    }

    @Test
    void theNonceSignedByAConfiguredKeyIsAccepted() throws Exception {
        startWithAlice();
        try (Wire w = Wire.open(server)) {
            String nonce = info(w).get("nonce").asText();
            assertEquals("PONG", connect(w, nkeyFields(publicKey(ALICE), sign(ALICE, nonce))));
            w.send("SUB foo 1\r\nPUB foo 2\r\nhi\r\n");
            assertEquals("MSG foo 1 2", w.readLine());
            assertEquals("hi", w.readLine());
        }
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("authentication error")), log.lines::toString);
    }

    @Test
    void aStandardBase64SignatureWithPaddingIsAcceptedToo() throws Exception {
        startWithAlice();
        try (Wire w = Wire.open(server)) {
            String nonce = info(w).get("nonce").asText();
            String std = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(sign(ALICE, nonce)));
            assertEquals("PONG", connect(w, nkeyFields(publicKey(ALICE), std)));
        }
    }

    /** Connects with {@code fields}, expects the refusal and the server's close, and the log lines. */
    private void assertRefused(String fields, String nkeyInLog, String debugLine) throws IOException {
        log.lines.clear(); // earlier refusals' lines must not satisfy this one's
        try (Wire w = Wire.open(server)) {
            info(w);
            assertEquals(VIOLATION, connect(w, fields), fields);
            w.expectEof();
        }
        log.awaitMatching("the refusal logged as nats-server",
                l -> l.startsWith("[ERR] ") && l.endsWith(" - authentication error - Nkey \"" + nkeyInLog + "\""));
        if (debugLine != null) {
            log.awaitMatching(debugLine, l -> l.startsWith("[DBG] ") && l.endsWith(" - " + debugLine));
        }
    }

    @Test
    void aSignatureOfAnotherNonceIsRefused() throws Exception {
        startWithAlice();
        String alice = publicKey(ALICE);
        assertRefused(nkeyFields(alice, sign(ALICE, "not-the-nonce00")), alice, "Signature not verified");
    }

    @Test
    void theNonceSignedByAnotherKeyIsRefused() throws Exception {
        startWithAlice();
        String alice = publicKey(ALICE);
        try (Wire w = Wire.open(server)) {
            String nonce = info(w).get("nonce").asText();
            assertEquals(VIOLATION, connect(w, nkeyFields(alice, sign(MALLORY, nonce))));
            w.expectEof();
        }
        log.awaitContaining("Signature not verified");
    }

    @Test
    void aSignatureFromAnEarlierConnectionIsRefused() throws Exception {
        startWithAlice();
        String alice = publicKey(ALICE);
        String replayed;
        try (Wire w = Wire.open(server)) {
            replayed = sign(ALICE, info(w).get("nonce").asText());
            assertEquals("PONG", connect(w, nkeyFields(alice, replayed)));
        }
        assertRefused(nkeyFields(alice, replayed), alice, "Signature not verified");
    }

    @Test
    void aMissingSignatureIsRefused() throws Exception {
        startWithAlice();
        String alice = publicKey(ALICE);
        assertRefused(nkeyFields(alice, null), alice, "Signature missing");
        assertRefused(nkeyFields(alice, ""), alice, "Signature missing");
    }

    @Test
    void aSignatureThatIsNotBase64IsRefused() throws Exception {
        startWithAlice();
        String alice = publicKey(ALICE);
        assertRefused(nkeyFields(alice, "not base64!"), alice, "Signature not valid base64");
    }

    @Test
    void anUnknownNkeyIsRefused() throws Exception {
        startWithAlice();
        String mallory = publicKey(MALLORY);
        assertRefused(nkeyFields(mallory, "irrelevant"), mallory, null);
    }

    @Test
    void aMalformedNkeyIsRefused() throws Exception {
        startWithAlice();
        assertRefused(nkeyFields("UABC", "irrelevant"), "UABC", null);
        assertRefused(nkeyFields("\\u00e9t\\u00e9", "irrelevant"), "été", null);
    }

    @Test
    void noCredentialsOrAWrongPasswordAreLoggedWithTheEmptyNkey() throws Exception {
        // nats-server names the nkey whenever nkey users are configured, whatever the client sent
        startWithAlice();
        assertRefused("", "", null);
        assertRefused("\"user\":\"carol\",\"pass\":\"wrong\"", "", null);
    }

    @Test
    void passwordUsersBesideNkeyUsersStillConnect() throws Exception {
        startWithAlice();
        try (Wire w = Wire.open(server)) {
            info(w);
            assertEquals("PONG", connect(w, "\"user\":\"carol\",\"pass\":\"c\""));
        }
    }

    @Test
    void withOnlyNkeyUsersAClientWithoutAnNkeyIsRefused() throws Exception {
        start(ServerOptions.builder().nkeys(List.of(configured(ALICE, null))));
        assertRefused("\"user\":\"carol\",\"pass\":\"c\"", "", null);
        assertRefused("\"auth_token\":\"x\"", "", null);
    }

    @Test
    void protocolBeforeConnectIsAViolationNamingTheEmptyNkey() throws Exception {
        startWithAlice();
        try (Wire w = Wire.open(server)) {
            info(w);
            w.send("PING\r\n");
            assertEquals(VIOLATION, w.readLine());
            w.expectEof();
        }
        log.awaitMatching("the violation", l -> l.endsWith(" - authentication error - Nkey \"\""));
    }

    @Test
    void passwordUsersWithoutNkeysAreLoggedByUserName() throws Exception {
        start(ServerOptions.builder().users(List.of(new User("carol", "c", null))));
        try (Wire w = Wire.open(server)) {
            info(w);
            assertEquals(VIOLATION, connect(w, ""));
            w.expectEof();
        }
        log.awaitMatching("the refusal", l -> l.endsWith(" - authentication error - User \"\""));
    }

    @Test
    void aSingleUserIsNotNamedInTheLog() throws Exception {
        start(ServerOptions.builder().username("carol").password("c"));
        try (Wire w = Wire.open(server)) {
            info(w);
            assertEquals(VIOLATION, connect(w, "\"user\":\"carol\",\"pass\":\"wrong\""));
            w.expectEof();
        }
        log.awaitMatching("the refusal", l -> l.startsWith("[ERR] ") && l.endsWith(" - authentication error"));
    }
}
