package io.jnatsd.cli;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGHUP's work without the signal: the config file re-read with the flags over it. */
class ReloadCommandTest {

    /** Keeps error and notice lines. */
    private static final class Lines implements Log {
        final List<String> lines = new CopyOnWriteArrayList<>();
        @Override public void notice(String m) { lines.add("[INF] " + m); }
        @Override public void warn(String m) { lines.add("[WRN] " + m); }
        @Override public void error(String m) { lines.add("[ERR] " + m); }
        @Override public void fatal(String m) { lines.add("[FTL] " + m); }
        @Override public void debug(String m) { }
        @Override public void trace(String m) { }
        @Override public boolean isDebug() { return false; }
        @Override public boolean isTrace() { return false; }
    }

    private static Flags flags(String... args) {
        Flags f = new Flags();
        new CommandLine(f).parseArgs(args);
        return f;
    }

    @Test
    void brokenFileIsRejectedAndTheOldConfigStays(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("a.conf");
        Files.writeString(conf, "port: -1\nmax_payload: 1000\n");
        Flags f = flags("-c", conf.toString(), "-a", "127.0.0.1");
        Lines log = new Lines();
        ServerOptions.Builder b = io.jnatsd.config.ConfigFile.load(conf).builder();
        FlagOverrides.apply(f, b);
        NatsServer server = new NatsServer(b.build(), log).start();
        try {
            ServerOptions before = server.options();
            Files.writeString(conf, "port: -1\nmax_payload: \n");
            Main.reload(f, server, log);
            assertSame(before, server.options());
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("[ERR] Failed to reload server configuration: ")),
                    log.lines::toString);

            // flags still override the file: -a 127.0.0.1 against the file's host
            Files.writeString(conf, "port: -1\nhost: 127.0.0.2\nmax_payload: 2000\n");
            Main.reload(f, server, log);
            assertEquals(2000, server.options().maxPayload());
            assertEquals("127.0.0.1", server.options().host());
            assertTrue(log.lines.contains("[INF] Reloaded server configuration"), log.lines::toString);
        } finally {
            server.close();
        }
    }

    /** The tls block of the file is re-read too; a certificate that cannot be loaded is the file's error. */
    @Test
    void tlsBlockAddedThenBrokenInTheFile(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tls.conf");
        Files.writeString(conf, "listen: 127.0.0.1:-1\n");
        Flags f = flags("-c", conf.toString());
        Lines log = new Lines();
        NatsServer server = new NatsServer(io.jnatsd.config.ConfigFile.load(conf).builder().build(), log)
                .start();
        try {
            String key = "key_file: \"" + resource("server-key.pem") + "\"";
            Files.writeString(conf, "listen: 127.0.0.1:-1\ntls { cert_file: \"" + resource("server-cert.pem") + "\", "
                    + key + " }\n");
            Main.reload(f, server, log);
            assertTrue(log.lines.contains("[INF] Reloaded: tls = enabled"), log.lines::toString);
            ServerOptions withTls = server.options();

            Files.writeString(conf, "listen: 127.0.0.1:-1\ntls { cert_file: \"" + dir.resolve("missing.pem") + "\", "
                    + key + " }\n");
            Main.reload(f, server, log);
            assertSame(withTls, server.options());
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("[ERR] Failed to reload server configuration: "
                    + conf + ":2:1: error parsing X509 certificate/key pair: ")), log.lines::toString);
        } finally {
            server.close();
        }
    }

    private static String resource(String name) throws Exception {
        return Path.of(ReloadCommandTest.class.getResource("/tls/" + name).toURI()).toString().replace("\\", "\\\\");
    }

    @Test
    void withoutConfigFileReloadIsRefused() throws Exception {
        Lines log = new Lines();
        NatsServer server = new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(1).build(), log)
                .start();
        try {
            Main.reload(flags(), server, log);
            assertTrue(log.lines.contains("[ERR] Failed to reload server configuration: can only reload config"
                    + " when a file is provided using -c or --config"), log.lines::toString);
        } finally {
            server.close();
        }
    }
}
