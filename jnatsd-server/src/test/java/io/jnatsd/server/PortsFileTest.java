package io.jnatsd.server;

import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.tls.TestCerts;
import io.jnatsd.tls.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsFileTest {

    @Test
    void portsFileListsTheListenersAndIsRemovedAtShutdown(@TempDir Path dir) throws Exception {
        NatsServer server = new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).httpPort(-1)
                .ioThreads(1).portsFileDir(dir).build(), Log.NONE).start();
        Path file = dir.resolve("jnatsd_" + ProcessHandle.current().pid() + ".ports");
        try {
            assertTrue(Files.exists(file), "written when start returns");
            assertEquals("{\"nats\":[\"nats://127.0.0.1:" + server.port() + "\"],"
                            + "\"monitoring\":[\"http://127.0.0.1:" + server.monitor().httpPort() + "\"]}",
                    Files.readString(file, StandardCharsets.UTF_8));
        } finally {
            server.close();
        }
        assertFalse(Files.exists(file), "removed at shutdown");
    }

    @Test
    void aTlsClusterIsListedWithTheTlsScheme(@TempDir Path dir) throws Exception {
        TlsOptions tls = new TlsOptions(TestCerts.file("route-cert.pem"), TestCerts.file("route-key.pem"),
                TestCerts.file("ca.pem"), true, false, null, null, null, null, false);
        ClusterOptions cluster = new ClusterOptions("T", "127.0.0.1", -1, null, null, null, List.of(), false, 0, null, tls, null);
        NatsServer server = new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).cluster(cluster)
                .ioThreads(1).build(), Log.NONE).start();
        try {
            assertEquals("{\"nats\":[\"nats://127.0.0.1:" + server.port() + "\"],"
                    + "\"cluster\":[\"tls://127.0.0.1:" + server.clusterPort() + "\"]}", PortsFile.json(server));
        } finally {
            server.close();
        }
    }

    @Test
    void anHttpsMonitorIsListedWithTheHttpsScheme(@TempDir Path dir) throws Exception {
        NatsServer server = new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).httpsPort(-1)
                .tls(TestCerts.server("server-cert.pem", "server-key.pem"))
                .ioThreads(1).portsFileDir(dir).build(), Log.NONE).start();
        try {
            String json = Files.readString(PortsFile.pathFor(dir), StandardCharsets.UTF_8);
            assertTrue(json.endsWith(",\"monitoring\":[\"https://127.0.0.1:" + server.monitor().httpsPort() + "\"]}"),
                    json);
        } finally {
            server.close();
        }
    }
}
