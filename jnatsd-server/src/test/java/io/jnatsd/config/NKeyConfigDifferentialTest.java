package io.jnatsd.config;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jnatsd.config.NKeyConfigTest.ACCOUNT;
import static io.jnatsd.config.NKeyConfigTest.ALICE;
import static io.jnatsd.config.NKeyConfigTest.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code nats-server -t} 2.9.10 and jnatsd on the same nkey configurations: the same verdict and
 * the same error, position included. Only entries whose error position does not depend on
 * nats-server's map order (single-key entries, duplicates) are compared; the others are pinned in
 * {@link NKeyConfigTest}. The authorization block never starts on line 1, where nats-server's
 * columns count from 0.
 */
class NKeyConfigDifferentialTest {
    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");

    @ParameterizedTest
    @ValueSource(strings = {
            "users = [ {nkey: %ALICE%} ]",
            "users = [\n    {nkey: %ALICE%, permissions: {publish: \"a.>\"}}\n    {nkey: \"%BOB%\"}\n    {user: c, password: d}\n  ]",
            "users = [ {nkey: %ACCOUNT%} ]",
            "users = [ {nkey: abc} ]",
            "users = [ {nkey: \"%ALICE_BAD_CRC%\"} ]",
            "users = [ {nkey: \"%ALICE_SHORT%\"} ]",
            "users = [ {nkey: \"\"} ]",
            "users = [ {nkey: %ALICE%}\n    {nkey: %ALICE%} ]",
            "users = [ {user: %ALICE%, password: x}\n    {nkey: %ALICE%} ]",
            "user: a\n  password: b\n  users = [ {nkey: %ALICE%} ]",
            "token: t\n  users = [ {nkey: %ALICE%} ]",
    })
    void sameVerdictAsNatsServer(String block, @TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        String text = "# nkey users\nauthorization {\n  " + block
                .replace("%ALICE_BAD_CRC%", ALICE.substring(0, 55) + "P")
                .replace("%ALICE_SHORT%", ALICE.substring(0, 54))
                .replace("%ALICE%", ALICE)
                .replace("%BOB%", BOB)
                .replace("%ACCOUNT%", ACCOUNT) + "\n}\n";
        Path file = dir.resolve("test.conf");
        Files.writeString(file, text);

        String reference = natsServerCheck(file);
        String ours;
        try {
            ConfigFile.parse(text, Configs.FILE, java.util.Map.of());
            ours = "valid";
        } catch (ConfigException e) {
            ours = String.join("\n", e.errors());
        }
        assertEquals(reference, ours, text);
    }

    /** "valid", or nats-server's error lines with the file named as {@link Configs#FILE}. */
    private static String natsServerCheck(Path file) throws Exception {
        Process p = new ProcessBuilder(NATS_SERVER.toString(), "-t", "-c", file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "nats-server -t did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() == 0) {
            assertTrue(out.endsWith("is valid"), out);
            return "valid";
        }
        List<String> lines = out.lines().filter(l -> !l.isBlank())
                .map(l -> l.replace("nats-server: ", "").replace(file.toString(), Configs.FILE.toString()))
                .toList();
        return String.join("\n", lines);
    }
}
