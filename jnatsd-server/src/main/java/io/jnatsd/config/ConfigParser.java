package io.jnatsd.config;

import io.jnatsd.config.ConfigValue.Array;
import io.jnatsd.config.ConfigValue.Bool;
import io.jnatsd.config.ConfigValue.DateTime;
import io.jnatsd.config.ConfigValue.Int;
import io.jnatsd.config.ConfigValue.Real;
import io.jnatsd.config.ConfigValue.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the configuration tree of one source from its tokens: nesting, {@code $variables} and
 * {@code include}s, with nats-server's semantics (conf/parse.go):
 * <ul>
 *   <li>a variable is the value of a key written earlier in any enclosing map, else an environment
 *       variable, itself parsed as a value ({@code PORT=4222} gives an integer);
 *   <li>an unquoted {@code $2a$...} is a bcrypt hash, not a variable;
 *   <li>an included file is parsed on its own (it sees the environment, not the includer's keys)
 *       and its keys are set where the include stands.
 * </ul>
 * Nesting is tracked on an explicit stack and capped at {@link #MAX_DEPTH}; include and
 * environment chains are capped and checked for cycles, which crash nats-server. A syntax error
 * stops this source; other errors (an unknown variable, an unreadable include) are recorded and
 * parsing goes on, so that they are all reported together.
 */
final class ConfigParser {

    static final int MAX_DEPTH = 1000;
    static final int MAX_INCLUDE_DEPTH = 32;
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /** What the sources of one load share: environment, problems, the chains being expanded. */
    private record Session(Map<String, String> env, Diagnostics diagnostics,
                           ArrayDeque<Path> includes, Set<String> envVariables) {
    }

    /** An open map or array. */
    private static final class Frame {
        final ConfigTable table;
        final List<ConfigValue> items;
        final Position position;
        String pendingKey;
        Position pendingKeyPosition;

        Frame(ConfigTable table) {
            this.table = table;
            this.items = null;
            this.position = table.position();
        }

        Frame(Position position) {
            this.table = null;
            this.items = new ArrayList<>();
            this.position = position;
        }
    }

    private final Session session;
    private final ConfigLexer lexer;
    private final String fileName;
    private final Path baseDir;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();

    private ConfigParser(Session session, String text, String fileName, Path baseDir) {
        this.session = session;
        this.lexer = new ConfigLexer(text, fileName);
        this.fileName = fileName;
        this.baseDir = baseDir;
    }

    /** Parses a file and everything it includes. Problems go to {@code diagnostics}. */
    static ConfigTable parseFile(Path file, Map<String, String> env, Diagnostics diagnostics) {
        Session session = newSession(env, diagnostics);
        Position origin = new Position(file.toString(), 1, 1);
        Parsed<String> text = read(file);
        if (!text.isOk()) {
            // nats-server prints the bare OS error here: "open none.conf: no such file or directory".
            diagnostics.error(null, "open " + file + ": " + text.error());
            return new ConfigTable(origin);
        }
        session.includes().push(identity(file));
        return new ConfigParser(session, text.value(), file.toString(), file.getParent()).run();
    }

    /**
     * Parses text as if read from {@code fileName}; includes are relative to {@code baseDir}
     * (null: the working directory).
     */
    static ConfigTable parseText(String text, String fileName, Path baseDir, Map<String, String> env,
                                 Diagnostics diagnostics) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new ConfigParser(newSession(env, diagnostics), body, fileName, baseDir).run();
    }

    private static Session newSession(Map<String, String> env, Diagnostics diagnostics) {
        return new Session(env, diagnostics, new ArrayDeque<>(), new HashSet<>());
    }

    private ConfigTable run() {
        ConfigTable root = new ConfigTable(new Position(fileName, 1, 1));
        frames.push(new Frame(root));
        while (true) {
            Token t = lexer.next();
            switch (t.type()) {
                case EOF -> {
                    Frame top = frames.peek();
                    if (top.pendingKey != null) {
                        // nats-server silently drops a last key without a value; we say so.
                        session.diagnostics().warn(top.pendingKeyPosition,
                                "key " + GoSyntax.quote(top.pendingKey) + " has no value; ignored");
                    }
                    return root;
                }
                case ERROR -> {
                    error(t.position(), t.text());
                    return root;
                }
                case KEY -> {
                    Frame f = frames.peek();
                    f.pendingKey = t.text();
                    f.pendingKeyPosition = t.position();
                }
                case MAP_START, ARRAY_START -> {
                    if (frames.size() > MAX_DEPTH) {
                        error(t.position(), "maps and arrays are nested deeper than " + MAX_DEPTH + " levels");
                        return root;
                    }
                    frames.push(t.type() == Token.Type.MAP_START
                            ? new Frame(new ConfigTable(t.position())) : new Frame(t.position()));
                }
                case MAP_END -> {
                    Frame f = frames.pop();
                    checkNoDanglingKey(f);
                    store(f.table);
                }
                case ARRAY_END -> {
                    Frame f = frames.pop();
                    store(new Array(f.items, f.position));
                }
                case STRING -> store(new Text(t.text(), t.position()));
                case INTEGER -> {
                    Parsed<Long> n = IntegerLiteral.parse(t.text());
                    storeOrDrop(n.isOk() ? new Int(n.value(), t.position()) : null, t, n.error());
                }
                case FLOAT -> {
                    double d = Double.parseDouble(t.text());
                    storeOrDrop(Double.isInfinite(d) ? null : new Real(d, t.position()), t,
                            "float '" + t.text() + "' is out of the range");
                }
                case BOOL -> store(new Bool(isTrue(t.text()), t.position()));
                case DATETIME -> storeOrDrop(dateTime(t), t,
                        "expected Zulu formatted DateTime, but got '" + t.text() + "'");
                case VARIABLE -> {
                    ConfigValue v = resolve(t);
                    if (v == null) {
                        drop();
                    } else {
                        store(v);
                    }
                }
                case INCLUDE -> include(t);
            }
        }
    }

    private void store(ConfigValue value) {
        Frame f = frames.peek();
        if (f.table == null) {
            f.items.add(value);
        } else if (f.pendingKey != null) {
            f.table.put(new ConfigEntry(f.pendingKey, f.pendingKeyPosition, value));
            f.pendingKey = null;
        }
    }

    private void storeOrDrop(ConfigValue value, Token t, String error) {
        if (value == null) {
            error(t.position(), error);
            drop();
        } else {
            store(value);
        }
    }

    /** The value could not be made: forget its key, so it is not reported again as valueless. */
    private void drop() {
        frames.peek().pendingKey = null;
    }

    private void checkNoDanglingKey(Frame f) {
        if (f.pendingKey != null) {
            error(f.pendingKeyPosition, "key " + GoSyntax.quote(f.pendingKey) + " has no value");
            f.pendingKey = null;
        }
    }

    // ---------------------------------------------------------------- variables

    private ConfigValue resolve(Token t) {
        String name = t.text();
        // An unquoted bcrypt hash ($2a$11$...) lexes as a variable; nats-server takes it as text.
        if (name.startsWith("2a$")) {
            return new Text("$" + name, t.position());
        }
        for (Frame f : frames) { // innermost first
            if (f.table != null) {
                ConfigEntry e = f.table.get(name);
                if (e != null) {
                    e.markUsedAsVariable();
                    return e.value().at(t.position());
                }
            }
        }
        String raw = session.env().get(name);
        if (raw == null) {
            error(t.position(), "variable reference for '" + name + "' can not be found");
            return null;
        }
        return fromEnvironment(name, raw, t.position());
    }

    /** nats-server parses an environment value as the value of a one-key config: {@code pk=<value>}. */
    private ConfigValue fromEnvironment(String name, String raw, Position at) {
        if (raw.isEmpty()) {
            return new Text("", at);
        }
        if (!session.envVariables().add(name)) {
            error(at, "variable reference for '" + name + "' refers to itself");
            return null;
        }
        try {
            Diagnostics inner = new Diagnostics();
            Session innerSession = new Session(session.env(), inner, session.includes(), session.envVariables());
            ConfigTable t = new ConfigParser(innerSession, "pk=" + raw, "$" + name, baseDir).run();
            if (inner.hasErrors()) {
                error(at, "variable reference for '" + name + "' could not be parsed: "
                        + inner.firstError().message());
                return null;
            }
            ConfigEntry e = t.get("pk");
            if (e == null) {
                error(at, "variable reference for '" + name + "' could not be parsed");
                return null;
            }
            return e.value().at(at);
        } finally {
            session.envVariables().remove(name);
        }
    }

    // ---------------------------------------------------------------- includes

    private void include(Token t) {
        String name = t.text();
        Path target;
        try {
            // Like nats-server's filepath.Join(dir, name): relative to the including file, cleaned.
            target = (baseDir == null ? Path.of(name) : baseDir.resolve(name)).normalize();
        } catch (InvalidPathException e) {
            error(t.position(), "error opening include file '" + name + "': invalid path");
            return;
        }
        if (session.includes().size() >= MAX_INCLUDE_DEPTH) {
            error(t.position(), "include of '" + name + "' nests includes deeper than "
                    + MAX_INCLUDE_DEPTH + " files");
            return;
        }
        Parsed<String> text = read(target);
        if (!text.isOk()) {
            error(t.position(), "error opening include file '" + name + "': " + text.error());
            return;
        }
        Path identity = identity(target);
        if (session.includes().contains(identity)) {
            error(t.position(), "include of '" + name + "' is a cycle: the file is already being read");
            return;
        }
        session.includes().push(identity);
        ConfigTable included;
        try {
            included = new ConfigParser(new Session(session.env(), session.diagnostics(), session.includes(),
                    new HashSet<>()), text.value(), target.toString(), target.getParent()).run();
        } finally {
            session.includes().pop();
        }
        Frame f = frames.peek();
        for (ConfigEntry e : included.entries()) {
            f.table.put(e);
        }
    }

    /** The real path when there is one, so a cycle through symbolic links is still seen. */
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | RuntimeException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** The text of a file, UTF-8 (bad bytes replaced), without a byte order mark. */
    static Parsed<String> read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                return Parsed.fail("is a directory");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                return Parsed.fail("larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return Parsed.ok(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (NoSuchFileException e) {
            return Parsed.fail("no such file or directory");
        } catch (AccessDeniedException e) {
            return Parsed.fail("permission denied");
        } catch (IOException | SecurityException e) {
            return Parsed.fail(String.valueOf(e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- scalars

    private static boolean isTrue(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.equals("true") || w.equals("yes") || w.equals("on");
    }

    private static ConfigValue dateTime(Token t) {
        try {
            return new DateTime(Instant.parse(t.text()), t.position());
        } catch (DateTimeParseException e) {
            return null; // e.g. month 13: the lexer only checks the shape
        }
    }

    private void error(Position at, String message) {
        session.diagnostics().error(at, message);
    }
}
