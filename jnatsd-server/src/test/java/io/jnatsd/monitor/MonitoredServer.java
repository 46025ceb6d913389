package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A jnatsd server for one test, with client and monitoring ports chosen by the OS on
 * 127.0.0.1, plus the HTTP and jnats clients the tests use. Every wait is bounded.
 */
final class MonitoredServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NatsServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private MonitoredServer(NatsServer server) {
        this.server = server;
    }

    static MonitoredServer start() throws IOException {
        return start(b -> { });
    }

    static MonitoredServer start(Consumer<ServerOptions.Builder> config) throws IOException {
        ServerOptions.Builder b = ServerOptions.builder().httpPort(ServerOptions.RANDOM_PORT);
        config.accept(b);
        b.host(HOST).port(0).httpHost(HOST);
        return new MonitoredServer(new NatsServer(b.build(), Log.NONE).start());
    }

    NatsServer server() {
        return server;
    }

    Monitor monitor() {
        return server.monitor();
    }

    /** A GET of {@code pathAndQuery} on the monitoring port. */
    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return request("GET", pathAndQuery);
    }

    HttpResponse<String> request(String method, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + HOST + ":" + server.monitor().httpPort() + pathAndQuery);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON document at {@code pathAndQuery}; fails unless the answer is 200 application/json. */
    JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    Options.Builder clientOptions(String name) {
        return new Options.Builder().server(server.clientUrl()).connectionName(name)
                .connectionTimeout(TIMEOUT).noReconnect().errorListener(new QuietErrors());
    }

    Connection connect(String name) throws IOException, InterruptedException {
        return Nats.connect(clientOptions(name).build());
    }

    @Override
    public void close() {
        server.close();
    }

    /** jnats's default error listener logs every event; tests look at results instead. */
    static final class QuietErrors implements io.nats.client.ErrorListener {
    }
}
