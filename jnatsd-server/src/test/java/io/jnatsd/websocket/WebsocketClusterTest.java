package io.jnatsd.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Websocket URLs across a cluster, as nats-server exchanges them (route INFO
 * {@code ws_connect_urls}): a websocket client's INFO lists the cluster's websocket URLs, this
 * server's first, and never the NATS ports'; TCP clients keep the NATS URLs.
 */
class WebsocketClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NatsServer node(String name, String routes) throws Exception {
        String conf = """
                server_name: %s
                listen: "127.0.0.1:-1"
                cluster { name: c, listen: "127.0.0.1:-1", routes: [%s] }
                websocket { listen: "127.0.0.1:-1", no_tls: true }
                """.formatted(name, routes);
        return new NatsServer(ConfigFile.parse(conf, Path.of(name + ".conf"), Map.of()).options().toBuilder()
                .ioThreads(1).build(), Log.NONE).start();
    }

    /** Bounded poll of a server counter, which has no event to wait on. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static List<String> wsInfoConnectUrls(int wsPort) throws Exception {
        try (RawWebsocket ws = RawWebsocket.request(wsPort, null, RawWebsocket.upgradeRequest(wsPort, ""))) {
            String info = ws.readFrame().text();
            JsonNode urls = JSON.readTree(info.substring(5)).get("connect_urls");
            List<String> out = new ArrayList<>();
            if (urls != null) {
                urls.forEach(u -> out.add(u.asText()));
            }
            return out;
        }
    }

    @Test
    void websocketClientsGetTheClustersWebsocketUrls() throws Exception {
        try (NatsServer a = node("a", "");
             NatsServer b = node("b", "\"nats-route://127.0.0.1:" + a.clusterPort() + "\"")) {
            await("the route", () -> a.routeCount() == 1 && b.routeCount() == 1);
            await("b's websocket URL at a", () -> a.routeCount() == 1
                    && wsUrls(a).contains("127.0.0.1:" + b.websocketPort()));
            assertEquals(List.of("127.0.0.1:" + a.websocketPort(), "127.0.0.1:" + b.websocketPort()),
                    wsInfoConnectUrls(a.websocketPort()));
            assertEquals(List.of("127.0.0.1:" + b.websocketPort(), "127.0.0.1:" + a.websocketPort()),
                    wsInfoConnectUrls(b.websocketPort()));
            assertTrue(a.clientConnectUrls().contains("127.0.0.1:" + b.port()), a.clientConnectUrls().toString());
            assertEquals(wsInfoConnectUrls(a.websocketPort()),
                    a.monitor().varz(io.jnatsd.monitor.VarzOptions.DEFAULT).wsConnectUrls());
        }
    }

    private static List<String> wsUrls(NatsServer s) {
        return urlsAt(s.websocketPort());
    }

    /** {@link #wsInfoConnectUrls} for conditions, which cannot throw checked exceptions. */
    private static List<String> urlsAt(int wsPort) {
        try {
            return wsInfoConnectUrls(wsPort);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void websocketUrlsCrossAMixedClusterWithNatsServer(@TempDir Path dir) throws Exception {
        assumeTrue(ReferenceWebsocketServer.installed(), "nats-server 2.9.10 is not installed");
        Path conf = dir.resolve("ref.conf");
        Files.writeString(conf, """
                server_name: ref
                listen: "127.0.0.1:-1"
                cluster { name: c, listen: "127.0.0.1:-1" }
                websocket { listen: "127.0.0.1:-1", no_tls: true }
                """);
        try (ReferenceWebsocketServer ref = ReferenceWebsocketServer.start(conf);
             NatsServer j = node("j", "\"nats-route://127.0.0.1:" + ref.routePort() + "\"")) {
            await("the route", () -> j.routeCount() == 1);
            String jws = "127.0.0.1:" + j.websocketPort();
            String rws = "127.0.0.1:" + ref.websocketPort();
            await("nats-server's websocket URL at jnatsd", () -> wsUrls(j).contains(rws));
            assertEquals(List.of(jws, rws), wsInfoConnectUrls(j.websocketPort()));
            // nats-server lists them in Go map order
            await("jnatsd's websocket URL at nats-server",
                    () -> new TreeSet<>(urlsAt(ref.websocketPort())).equals(new TreeSet<>(List.of(jws, rws))));
        }
    }

}
