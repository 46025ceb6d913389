package io.jnatsd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading from disk: includes relative to the including file, their errors, cycles. */
class ConfigFileIncludeTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static LoadedConfig load(Path p) throws ConfigException {
        return ConfigFile.load(p, Map.of());
    }

    private static List<String> errors(Path p) {
        return assertThrows(ConfigException.class, () -> load(p)).errors();
    }

    @Test
    void loadsAFileAndRecordsItsPath() throws Exception {
        Path main = write("main.conf", "port: 4333\n");
        LoadedConfig c = load(main);
        assertEquals(4333, c.port());
        assertEquals(main, c.options().configFile());
        assertEquals(main, c.builder().build().configFile());
    }

    @Test
    void includeFormsAtTopLevelAreRelativeToTheIncludingFile() throws Exception {
        write("conf/limits.conf", "max_payload: 2KB\n");
        write("conf/sub/name.conf", "server_name: included\n");
        write("conf/auth.conf", "user: derek\npassword: pw\n");
        Path main = write("conf/main.conf", """
                include limits.conf
                include "sub/name.conf"
                authorization {
                  include 'auth.conf'
                  timeout: 3
                }
                port: 4334
                """);
        ServerOptions o = load(main).options();
        assertEquals(2048, o.maxPayload());
        assertEquals("included", o.serverName());
        assertEquals("derek", o.username());
        assertEquals("pw", o.password());
        assertEquals(4334, o.port());
    }

    @Test
    void includedFilesIncludeRelativeToThemselves() throws Exception {
        write("a/b/deep.conf", "max_subs: 9\n");
        write("a/mid.conf", "include b/deep.conf\n");
        ServerOptions o = load(write("main.conf", "include a/mid.conf")).options();
        assertEquals(9, o.maxSubscriptions());
    }

    @Test
    void keysOfAnIncludeCanBeUsedAsVariablesByTheIncluder() throws Exception {
        write("vars.conf", "TOKEN: \"s3cr3t\"\n");
        ServerOptions o = load(write("main.conf", "include vars.conf\nauthorization { token: $TOKEN }\n")).options();
        assertEquals("s3cr3t", o.authToken());
    }

    @Test
    void includedFileDoesNotSeeTheIncludersKeysAsNatsServer() throws Exception {
        // nats-server 2.9.10: "error parsing include file 'inc/b.conf', variable reference for 'PP'
        // on line 1 can not be found". The included file sees only the environment.
        write("b.conf", "port: $PP\n");
        Path main = write("main.conf", "PP = 4000\ninclude b.conf\n");
        assertEquals(List.of(dir.resolve("b.conf") + ":1:7: variable reference for 'PP' can not be found"),
                errors(main));
        assertEquals(4001, ConfigFile.load(write("env.conf", "include b.conf\n"), Map.of("PP", "4001")).port());
    }

    @Test
    void errorsInIncludedFilesCarryThatFilesPosition() throws Exception {
        write("bad.conf", "\n\nmax_payload: 1\nbogus: 1\n");
        Path main = write("main.conf", "include bad.conf\nport: 1\nalso_bogus: 2\n");
        assertEquals(List.of(dir.resolve("bad.conf") + ":4:1: unknown field \"bogus\"",
                main + ":3:1: unknown field \"also_bogus\""), errors(main));
    }

    @Test
    void syntaxErrorInAnIncludedFileIsReported() throws Exception {
        write("broken.conf", "a: [1, 2\n");
        Path main = write("main.conf", "include broken.conf\n");
        assertEquals(List.of(dir.resolve("broken.conf") + ":2:1: Unexpected EOF processing array."), errors(main));
    }

    @Test
    void missingIncludeIsAnErrorAtTheInclude() throws Exception {
        Path main = write("main.conf", "port: 1\ninclude nope.conf\n");
        assertEquals(List.of(main + ":2:1: error opening include file 'nope.conf': no such file or directory"),
                errors(main));
    }

    @Test
    void includeCyclesAreErrorsNotStackOverflows() throws Exception {
        // nats-server 2.9.10 dies with "goroutine stack exceeds 1000000000-byte limit" on these.
        Path self = write("self.conf", "include self.conf\n");
        assertEquals(List.of(self + ":1:1: include of 'self.conf' is a cycle: the file is already being read"),
                errors(self));
        write("x.conf", "include y.conf\n");
        write("y.conf", "include ./x.conf\n");
        List<String> e = errors(dir.resolve("x.conf"));
        assertEquals(1, e.size());
        assertTrue(e.get(0).contains("is a cycle"), e.get(0));
    }

    @Test
    void includeDepthIsCapped() throws Exception {
        for (int i = 0; i < 40; i++) {
            write("chain" + i + ".conf", "include chain" + (i + 1) + ".conf\n");
        }
        write("chain40.conf", "port: 1\n");
        List<String> e = errors(dir.resolve("chain0.conf"));
        assertEquals(1, e.size());
        assertTrue(e.get(0).contains("nests includes deeper than " + ConfigParser.MAX_INCLUDE_DEPTH), e.get(0));
    }

    @Test
    void missingMainFileIsAConfigException() {
        // nats-server 2.9.10 prints "open none.conf: no such file or directory" for its -c none.conf.
        assertEquals(List.of("open " + dir.resolve("none.conf") + ": no such file or directory"),
                errors(dir.resolve("none.conf")));
    }

    @Test
    void directoryIsNotAConfigFile() {
        assertEquals(List.of("open " + dir + ": is a directory"), errors(dir));
    }

    @Test
    void parseResolvesIncludesAgainstThePretendPath() throws Exception {
        write("side.conf", "server_name: side\n");
        LoadedConfig c = ConfigFile.parse("include side.conf", dir.resolve("virtual.conf"), Map.of());
        assertEquals("side", c.options().serverName());
        assertEquals(dir.resolve("virtual.conf"), c.options().configFile());
    }

    @Test
    void invalidUtf8IsReadWithReplacementCharacters() throws Exception {
        Path p = dir.resolve("latin1.conf");
        Files.write(p, new byte[] {'s', 'e', 'r', 'v', 'e', 'r', '_', 'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals("\uFFFD", load(p).options().serverName());
    }
}
