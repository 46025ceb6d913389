package io.jnatsd.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Coverage-guided fuzzing of {@link ConfigFile#parse(String, Path, Map)}: any text gives
 * options or a {@link ConfigException} with at least one message, never another exception.
 */
class ConfigFileFuzzTest {
    /** Nothing is there: an include resolves to a missing file rather than something on this machine. */
    private static final Path PRETEND = Path.of("/nonexistent-jnatsd-fuzz/server.conf");

    @FuzzTest(maxDuration = "60s")
    void anyTextGivesOptionsOrConfigException(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("/dev/") || text.contains("/proc/") || text.contains("/sys/")) {
            // an absolute include could make the parser read a device forever: not what is tested here
            return;
        }
        try {
            LoadedConfig loaded = ConfigFile.parse(text, PRETEND, Map.of());
            assertNotNull(loaded.options());
        } catch (ConfigException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a ConfigException says what is wrong");
        }
    }
}
