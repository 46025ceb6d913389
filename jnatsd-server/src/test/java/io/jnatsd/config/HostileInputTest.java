package io.jnatsd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever the text, reading it either succeeds or throws a ConfigException whose errors carry a
 * position; never another exception, never a stack overflow, never the internal-error safety net.
 */
class HostileInputTest {

    /** Everything the config syntax gives meaning to, to make random input reach deep states. */
    private static final String ALPHABET = "ab $_.:=;,{}[]()'\"\\#/\n\r\t 0123456789-kKbBiImMxXeE+TZ\u00e9\u0000";

    private static final String RICH = """
            # a config that touches most of the syntax
            port: 4222
            host = "127.0.0.1"
            V = 2KB
            max_payload $V
            authorization {
              users = [
                {user: a, password: "p\\x41\\n", permissions: { publish: { allow: ["a.>"], deny: 'b' } }}
                {user: b, password: $2a$11$abcdefghijklmnopqrstuv}
              ]
              timeout: 0.5
            }
            cluster { listen: 0.0.0.0:6222, routes: [ nats://a:1, "nats://b:2" ] }
            ping_interval: "1m30s"; d = 2024-01-01T00:00:00Z
            b (
            raw block
            )
            // end
            """;

    private static void survives(String text) {
        try {
            ConfigFile.parse(text, Path.of("h.conf"), Map.of("E", "x", "LOOP", "$LOOP"));
        } catch (ConfigException e) {
            assertFalse(e.errors().isEmpty(), "ConfigException without errors");
            for (String err : e.errors()) {
                assertTrue(err.startsWith("h.conf:") || err.startsWith("$"), () -> "no position: " + err);
                assertFalse(err.contains("internal error"), () -> "safety net hit for " + escape(text) + ": " + err);
            }
        } catch (Throwable t) {
            fail("not a ConfigException for input " + escape(text), t);
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a: \"", "a: '", "a: \"abc\\", "a: \"\\x", "a: \"\\x4", "a (", "a (\n)", "m {", "m { a",
            "m { a:", "m { a: 1", "a: [", "a: [1", "a: [1,", "include", "include ", "include '", "include \"x",
            "{", "}", "{{{{", "}}}}", "]]]]", "a: ]", "a: }", "a: {]", "a: [}", "$", "a: $", "a: $$$", "=",
            ":", ";;;;", ",,,", "a: -", "a: 1.", "a: 2024-", "a: 2024-01-01T", "'", "\"", "\\", "a: \\",
            "#", "//", "/", "a: 1k\\", "\u0000", "a: \u0000", "\uFEFF", "\r", "\r\n\r\n", "a:\r\n1",
            "a: $LOOP", "authorization { users: [ {} ] }", "authorization { users: [ [], 1, true ] }",
            "authorization { users: [ { permissions: { publish: { allow: [[[]]] } } } ] }",
            "cluster { routes: [ {}, [], 1 ] }", "cluster { listen: {} }", "listen: \"[::1\"", "listen: \"]:1\"",
            "listen: \":\"", "http: \"a:b:c\"", "ping_interval: \"9999999999h\"", "ping_interval: \"-\"",
            "ping_interval: \".\"", "ping_interval: \"1.5.5s\"", "lame_duck_duration: 99999999999999",
            "authorization { timeout: 99999999999999999999999.0 }",
            "a: 99999999999999999999999.0", "a: 999999999999999999999999999999999999999999999999.5"})
    void malformedInputIsAConfigException(String text) {
        survives(text);
    }

    @Test
    void nestingUpToTheCapParses() throws ConfigException {
        int depth = ConfigParser.MAX_DEPTH;
        ConfigTable t = ConfigFile.parseTree("a = " + "[".repeat(depth) + "]".repeat(depth)
                + "\nm = " + "{a: ".repeat(depth - 1) + "{}" + "}".repeat(depth - 1), Path.of("t.conf"), Map.of());
        assertEquals(2, t.size());
    }

    @Test
    void nestingBeyondTheCapIsAClearError() {
        int depth = ConfigParser.MAX_DEPTH + 1;
        List<String> e = Configs.errors("a = " + "[".repeat(depth) + "]".repeat(depth));
        assertEquals(List.of("test.conf:1:1005: maps and arrays are nested deeper than 1000 levels"), e);
    }

    @Test
    void hugeNestingDoesNotOverflowTheStack() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            survives("a: " + "[".repeat(1_000_000));
            survives("a " + "{ b ".repeat(300_000));
            survives("a: " + "[{a: ".repeat(200_000));
            survives("a: " + "[".repeat(500_000) + "]".repeat(500_000));
        });
    }

    @Test
    void variablesThatDoubleAtEachLevelDoNotExplode() throws ConfigException {
        StringBuilder b = new StringBuilder("v0 = [1, 2]\n");
        for (int i = 1; i <= 64; i++) {
            b.append("v").append(i).append(" = [$v").append(i - 1).append(", $v").append(i - 1).append("]\n");
        }
        b.append("server_name: done\n");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                // The last array stands for 2^65 integers yet takes 65 small objects.
                Configs.load(b.toString());
            } catch (ConfigException e) {
                assertEquals(1, e.errors().size(), e.getMessage()); // v64 is defined but never used
            }
        });
    }

    @Test
    void longValuesAreFine() throws ConfigException {
        String name = "n".repeat(1_000_000);
        assertEquals(name, Configs.options("server_name: \"" + name + "\"").serverName());
    }

    @Test
    void everyTruncationOfARichConfigIsHandled() {
        for (int i = 0; i <= RICH.length(); i++) {
            survives(RICH.substring(0, i));
        }
    }

    @Test
    void everySingleCharacterDeletionOfARichConfigIsHandled() {
        for (int i = 0; i < RICH.length(); i++) {
            survives(RICH.substring(0, i) + RICH.substring(i + 1));
        }
    }

    @Test
    void randomMutationsOfARichConfigAreHandled() {
        Random r = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder(RICH);
            int edits = 1 + r.nextInt(4);
            for (int k = 0; k < edits; k++) {
                int at = r.nextInt(b.length() + 1);
                char c = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
                switch (r.nextInt(3)) {
                    case 0 -> b.insert(at, c);
                    case 1 -> {
                        if (at < b.length()) {
                            b.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < b.length()) {
                            b.setCharAt(at, c);
                        }
                    }
                }
            }
            survives(b.toString());
        }
    }

    @Test
    void randomTextFromTheSyntaxAlphabetIsHandled() {
        Random r = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            char[] cs = new char[r.nextInt(80)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
            }
            survives(new String(cs));
        }
    }

    @Test
    void binaryGarbageIsHandled() {
        Random r = new Random(1234);
        for (int n = 0; n < 5_000; n++) {
            byte[] bytes = new byte[r.nextInt(300)];
            r.nextBytes(bytes);
            survives(new String(bytes, StandardCharsets.UTF_8));
            survives(new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }
}
