package io.jnatsd.config;

import java.util.List;

/**
 * A configuration file that loaded: the options it gives (defaults for everything it does not
 * set) and the warnings to print, each as {@code file:line:col: message}.
 */
public record LoadedConfig(ServerOptions options, List<String> warnings) {

    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }

    /**
     * A fresh builder holding these options, {@code configFile} included, for the command line
     * to override; each call returns a new one.
     */
    public ServerOptions.Builder builder() {
        return options.toBuilder();
    }

    /** The client listen host, for a quick look before building anything. */
    public String host() {
        return options.host();
    }

    /** The client listen port (4222 unless the file says otherwise). */
    public int port() {
        return options.port();
    }
}
