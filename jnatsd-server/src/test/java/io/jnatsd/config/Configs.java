package io.jnatsd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helpers: configuration text in, options / errors / warnings out, with no real environment. */
final class Configs {

    static final Path FILE = Path.of("test.conf");

    private Configs() {
    }

    static LoadedConfig load(String text) throws ConfigException {
        return ConfigFile.parse(text, FILE, Map.of());
    }

    static ServerOptions options(String text) throws ConfigException {
        return load(text).options();
    }

    static List<String> warnings(String text) throws ConfigException {
        return load(text).warnings();
    }

    static List<String> errors(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).errors();
    }
}
