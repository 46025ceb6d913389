package io.jnatsd.config;

import io.jnatsd.config.ConfigValue.Array;
import io.jnatsd.config.ConfigValue.Bool;
import io.jnatsd.config.ConfigValue.Int;
import io.jnatsd.config.ConfigValue.Real;
import io.jnatsd.config.ConfigValue.Text;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed reads of entries for the mappers. A value of the wrong kind is reported at its key (where
 * nats-server reports it) and reads as empty, so mapping goes on and finds the next problem.
 */
final class EntryReader {

    private final Diagnostics diagnostics;

    EntryReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    Optional<String> string(ConfigEntry e) {
        if (e.value() instanceof Text t) {
            return Optional.of(t.value());
        }
        wrongType(e, "a string");
        return Optional.empty();
    }

    Optional<Boolean> bool(ConfigEntry e) {
        if (e.value() instanceof Bool b) {
            return Optional.of(b.value());
        }
        wrongType(e, "a boolean");
        return Optional.empty();
    }

    OptionalLong integer(ConfigEntry e) {
        if (e.value() instanceof Int i) {
            return OptionalLong.of(i.value());
        }
        wrongType(e, "an integer");
        return OptionalLong.empty();
    }

    /** An integer that must fit an int; nats-server's "value is too big" otherwise. */
    OptionalInt int32(ConfigEntry e) {
        OptionalLong v = integer(e);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() > Integer.MAX_VALUE || v.getAsLong() < Integer.MIN_VALUE) {
            error(e, e.key() + " value is too big");
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    /** A size or count where 0 means "the default" (nats-server) and a negative value is a mistake. */
    OptionalLong positiveOrDefault(ConfigEntry e, long max) {
        OptionalLong v = integer(e);
        if (v.isEmpty() || v.getAsLong() == 0) {
            return OptionalLong.empty();
        }
        if (v.getAsLong() < 0) {
            error(e, e.key() + " value can not be negative");
            return OptionalLong.empty();
        }
        if (v.getAsLong() > max) {
            error(e, e.key() + " value is too big");
            return OptionalLong.empty();
        }
        return v;
    }

    /** A TCP port: -1 (random, as in nats-server), 0 (random, jnatsd) or 1..65535. */
    OptionalInt port(ConfigEntry e) {
        OptionalLong v = integer(e);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        return checkPort(e, v.getAsLong());
    }

    /** {@code port} or {@code "host:port"}, as nats-server's parseListen. */
    Optional<HostPort> listen(ConfigEntry e) {
        if (e.value() instanceof Int i) {
            return checkPort(e, i.value()).stream().mapToObj(p -> new HostPort("", p)).findFirst();
        }
        if (e.value() instanceof Text t) {
            Parsed<HostPort> hp = HostPort.parse(t.value());
            if (!hp.isOk()) {
                error(e, hp.error());
                return Optional.empty();
            }
            if (checkPort(e, hp.value().port()).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(hp.value());
        }
        error(e, "expected port or host:port, got " + e.value().kind());
        return Optional.empty();
    }

    Optional<Path> path(ConfigEntry e) {
        return string(e).flatMap(s -> {
            try {
                return Optional.of(Path.of(s));
            } catch (InvalidPathException ex) {
                error(e, "invalid path " + GoSyntax.quote(s) + " for " + e.key());
                return Optional.empty();
            }
        });
    }

    Optional<List<ConfigValue>> array(ConfigEntry e) {
        if (e.value() instanceof Array a) {
            return Optional.of(a.items());
        }
        wrongType(e, "an array");
        return Optional.empty();
    }

    /**
     * A Go duration string ({@code "2s"}); for the keys nats-server still accepts as plain seconds
     * ({@code ping_interval}, {@code write_deadline}), an integer too, with nats-server's warning.
     */
    Optional<Duration> duration(ConfigEntry e, String field, boolean integerSecondsAllowed) {
        if (e.value() instanceof Text t) {
            Parsed<Duration> d = GoDuration.parse(t.value());
            if (!d.isOk()) {
                error(e, "error parsing " + field + ": " + d.error());
                return Optional.empty();
            }
            return Optional.of(d.value());
        }
        if (integerSecondsAllowed && e.value() instanceof Int i) {
            diagnostics.warn(e.keyPosition(), "invalid use of field " + GoSyntax.quote(field) + ": "
                    + field + " should be converted to a duration");
            return Optional.of(Duration.ofSeconds(i.value()));
        }
        wrongType(e, integerSecondsAllowed ? "a duration string or a number of seconds" : "a duration string");
        return Optional.empty();
    }

    /**
     * Seconds as an integer or a float ({@code timeout: 0.5}), as authorization timeouts are
     * written; a duration string ({@code "2s"}) is accepted too, as nats-server 2.10 does.
     */
    Optional<Duration> seconds(ConfigEntry e) {
        Duration d;
        if (e.value() instanceof Int i) {
            d = Duration.ofSeconds(i.value());
        } else if (e.value() instanceof Real r) {
            if (!Double.isFinite(r.value()) || Math.abs(r.value()) > 1e9) {
                error(e, e.key() + " value is too big");
                return Optional.empty();
            }
            d = Duration.ofNanos(Math.round(r.value() * 1e9));
        } else if (e.value() instanceof Text t) {
            Parsed<Duration> p = GoDuration.parse(t.value());
            if (!p.isOk()) {
                error(e, "error parsing " + e.key() + ": " + p.error());
                return Optional.empty();
            }
            d = p.value();
        } else {
            wrongType(e, "a number of seconds");
            return Optional.empty();
        }
        if (d.isNegative()) {
            error(e, e.key() + " can not be negative");
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** Errors reported so far, so a mapper can tell whether its block had any. */
    int errorCount() {
        return diagnostics.errorCount();
    }

    void wrongType(ConfigEntry e, String expected) {
        error(e, "expected " + GoSyntax.quote(e.key()) + " to be " + expected + ", got " + e.value().kind());
    }

    void error(ConfigEntry e, String message) {
        diagnostics.error(e.keyPosition(), message);
    }

    /** nats-server's message for a key it does not know; not reported for keys used as variables. */
    void unknownField(ConfigEntry e) {
        if (!e.usedAsVariable()) {
            error(e, "unknown field " + GoSyntax.quote(e.key()));
        }
    }

    /** A key nats-server knows but jnatsd does not implement: a warning, never an error. */
    void unsupported(ConfigEntry e) {
        diagnostics.warn(e.keyPosition(), "jnatsd does not support " + GoSyntax.quote(e.key()) + " yet; ignored");
    }

    void warn(Position at, String message) {
        diagnostics.warn(at, message);
    }

    void error(Position at, String message) {
        diagnostics.error(at, message);
    }

    private OptionalInt checkPort(ConfigEntry e, long port) {
        if (port < ServerOptions.RANDOM_PORT || port > 65535) {
            error(e, e.key() + " value " + port + " is not a port (-1 to 65535)");
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) port);
    }
}
