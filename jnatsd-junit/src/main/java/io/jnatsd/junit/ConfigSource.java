package io.jnatsd.junit;

import io.jnatsd.config.ConfigException;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.LoadedConfig;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and reads the configuration file a declaration names (see {@link JnatsdServer#config()}).
 * Every failure is an {@link ExtensionConfigurationException} naming the declaration; a file with
 * errors reports all of them, each as {@code file:line:col: message}.
 */
final class ConfigSource {

    static final String CLASSPATH_PREFIX = "classpath:";

    private ConfigSource() {
    }

    static LoadedConfig load(Declaration d) {
        String spec = d.config();
        boolean classpathOnly = spec.startsWith(CLASSPATH_PREFIX);
        String name = classpathOnly ? spec.substring(CLASSPATH_PREFIX.length()) : spec;
        try {
            if (!classpathOnly && Path.of(name).isAbsolute()) {
                return fromFile(d, Path.of(name));
            }
            String resource = name.startsWith("/") ? name.substring(1) : name;
            URL url = classLoader(d).getResource(resource);
            if (url != null) {
                return fromResource(url, resource);
            }
            if (!classpathOnly && Files.isRegularFile(Path.of(name))) {
                return fromFile(d, Path.of(name));
            }
        } catch (ConfigException e) {
            throw d.invalid("configuration " + spec + " has errors:\n  " + String.join("\n  ", e.errors()));
        } catch (IOException | UncheckedIOException e) {
            throw d.invalid("cannot read configuration " + spec + ": " + e.getMessage());
        }
        throw d.invalid("configuration " + spec + " is "
                + (classpathOnly ? "not on the class path" : "neither on the class path nor a file under "
                + Path.of("").toAbsolutePath()));
    }

    private static LoadedConfig fromFile(Declaration d, Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw d.invalid("configuration file " + file + " does not exist");
        }
        return ConfigFile.load(file);
    }

    /** A resource in a directory is read as a file, so its includes resolve; one in a jar as text. */
    private static LoadedConfig fromResource(URL url, String resource) throws ConfigException, IOException {
        if ("file".equals(url.getProtocol())) {
            try {
                return ConfigFile.load(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                // an unusual file URL: fall through and read it as a stream
            }
        }
        try (InputStream in = url.openStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ConfigFile.parse(text, Path.of(resource));
        }
    }

    private static ClassLoader classLoader(Declaration d) {
        ClassLoader cl = d.declaringClass().getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }
}
