package io.jnatsd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads nats-server configuration files into {@link ServerOptions}.
 *
 * <p>Text goes lexer → tree ({@link ConfigTable}, every value with its position) → options, as in
 * nats-server. All errors are collected and thrown together in one {@link ConfigException}, each
 * as {@code file:line:col: message}; warnings (keys jnatsd does not implement, deprecated forms)
 * come back with the options. Nothing but {@link ConfigException} escapes, whatever the input.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** Loads a file, resolving $VARIABLES from the process environment. */
    public static LoadedConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    /** Loads a file, resolving $VARIABLES not defined in the file from {@code env}. */
    public static LoadedConfig load(Path file, Map<String, String> env) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        ConfigTable tree = guarded(() -> ConfigParser.parseFile(file, env, diagnostics), file.toString());
        return toOptions(tree, file, diagnostics);
    }

    /**
     * Parses text as if it were the file {@code pretendPath} (used in messages, for includes and
     * as {@code configFile}), resolving $VARIABLES from the process environment.
     */
    public static LoadedConfig parse(String text, Path pretendPath) throws ConfigException {
        return parse(text, pretendPath, System.getenv());
    }

    /** As {@link #parse(String, Path)}, resolving $VARIABLES not defined in the text from {@code env}. */
    public static LoadedConfig parse(String text, Path pretendPath, Map<String, String> env) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        String name = pretendPath.toString();
        ConfigTable tree = guarded(() -> ConfigParser.parseText(text, name, pretendPath.getParent(), env,
                diagnostics), name);
        return toOptions(tree, pretendPath, diagnostics);
    }

    /**
     * The tree alone, without mapping it to options: for tools and for keys read elsewhere.
     * Throws on syntax errors, unknown variables and unreadable includes.
     */
    public static ConfigTable parseTree(String text, Path pretendPath, Map<String, String> env)
            throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        String name = pretendPath.toString();
        ConfigTable tree = guarded(() -> ConfigParser.parseText(text, name, pretendPath.getParent(), env,
                diagnostics), name);
        if (diagnostics.hasErrors()) {
            throw new ConfigException(diagnostics.errors());
        }
        return tree;
    }

    private static LoadedConfig toOptions(ConfigTable tree, Path file, Diagnostics diagnostics)
            throws ConfigException {
        // Mapping a tree with holes (a syntax error, an unknown variable) would only add
        // follow-on errors, so the parse errors are reported alone.
        if (diagnostics.hasErrors()) {
            throw new ConfigException(diagnostics.errors());
        }
        ServerOptions.Builder builder = ServerOptions.builder().configFile(file);
        guarded(() -> {
            new ServerOptionsMapper(diagnostics, builder).map(tree);
            return null;
        }, file.toString());
        if (diagnostics.hasErrors()) {
            throw new ConfigException(diagnostics.errors());
        }
        return new LoadedConfig(builder.build(), diagnostics.warnings());
    }

    private interface Step<T> {
        T run();
    }

    /**
     * Last line of defence for the promise that only ConfigException escapes: a bug must not
     * turn a bad file into a stack trace (or a StackOverflowError) for the user.
     */
    private static <T> T guarded(Step<T> step, String file) throws ConfigException {
        try {
            return step.run();
        } catch (RuntimeException | StackOverflowError e) {
            throw new ConfigException(List.of(file + ": internal error reading configuration: " + e));
        }
    }
}
