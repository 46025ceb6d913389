package io.jnatsd.config;

import io.jnatsd.config.ConfigValue.Bool;
import io.jnatsd.config.ConfigValue.Int;
import io.jnatsd.config.ConfigValue.Real;
import io.jnatsd.config.ConfigValue.Text;
import io.jnatsd.tls.CipherSuites;
import io.jnatsd.tls.RouteTls;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.tls.TlsOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code tls} block, top-level or inside {@code cluster} (nats-server's parseTLS, then
 * GenTLSConfig, which reads the files at load time so a bad certificate is a config error).
 * Messages are nats-server's.
 */
final class TlsMapper {

    private static final String PREFIX = "error parsing tls config, ";

    private final EntryReader read;

    TlsMapper(EntryReader read) {
        this.read = read;
    }

    /** The top-level block: client connections. */
    Optional<TlsOptions> map(ConfigEntry e) {
        return map(e, false);
    }

    /**
     * The cluster's block: routes are always mutual TLS (its {@code verify} changes nothing),
     * and {@code insecure} lets solicited routes skip checking the peer's certificate.
     */
    Optional<TlsOptions> mapForCluster(ConfigEntry e) {
        return map(e, true);
    }

    private Optional<TlsOptions> map(ConfigEntry e, boolean cluster) {
        if (!(e.value() instanceof ConfigTable table)) {
            read.error(e, "Expected map to define tls, got " + e.value().kind());
            return Optional.empty();
        }
        Path cert = null;
        Path key = null;
        Path ca = null;
        boolean verify = false;
        boolean map = false;
        Duration timeout = null;
        List<String> ciphers = null;
        List<String> curves = null;
        String minVersion = null;
        boolean insecure = false;
        int errorsBefore = read.errorCount();
        for (ConfigEntry c : table.entries()) {
            switch (c.key().toLowerCase(Locale.ROOT)) {
                case "cert_file" -> cert = file(c, "cert_file", cert);
                case "key_file" -> key = file(c, "key_file", key);
                case "ca_file" -> ca = file(c, "ca_file", ca);
                case "verify" -> verify = bool(c, "verify").orElse(verify);
                case "verify_and_map" -> {
                    if (cluster) {
                        read.unsupported(c);
                        continue;
                    }
                    map = bool(c, "verify_and_map").orElse(map);
                    verify = verify || map;
                }
                case "timeout" -> timeout = timeout(c).orElse(timeout);
                case "cipher_suites" -> ciphers = names(c, "cipher_suites", true).orElse(ciphers);
                case "curve_preferences" -> {
                    curves = names(c, "curve_preferences", false).orElse(curves);
                    if (curves != null) {
                        read.warn(c.keyPosition(), "jnatsd cannot set TLS curve preferences on Java 17; "
                                + "\"curve_preferences\" ignored");
                    }
                }
                case "min_version" -> minVersion = minVersion(c).orElse(minVersion);
                case "insecure" -> {
                    if (cluster) {
                        insecure = bool(c, "insecure").orElse(insecure);
                    } else {
                        read.unsupported(c);
                    }
                }
                case "verify_cert_and_check_known_urls", "connection_rate_limit", "pinned_certs" ->
                        read.unsupported(c);
                default -> {
                    if (!c.usedAsVariable()) {
                        read.error(c, PREFIX + "unknown field [" + GoSyntax.quote(c.key()) + "]");
                    }
                }
            }
        }
        if (read.errorCount() != errorsBefore) {
            return Optional.empty();
        }
        TlsOptions o = new TlsOptions(cert, key, ca, cluster || verify, map, timeout, ciphers, curves, minVersion,
                insecure);
        try {
            if (cluster) {
                RouteTls.load(o);
            } else {
                ServerTls.load(o);
            }
        } catch (IOException ex) {
            read.error(e, ex.getMessage());
            return Optional.empty();
        }
        return Optional.of(o);
    }

    private Path file(ConfigEntry c, String name, Path previous) {
        if (!(c.value() instanceof Text t)) {
            read.error(c, PREFIX + "expected '" + name + "' to be filename");
            return previous;
        }
        return Path.of(t.value());
    }

    private Optional<Boolean> bool(ConfigEntry c, String name) {
        if (c.value() instanceof Bool b) {
            return Optional.of(b.value());
        }
        read.error(c, PREFIX + "expected '" + name + "' to be a boolean");
        return Optional.empty();
    }

    /** Seconds as an integer or a float, or a Go duration string. */
    private Optional<Duration> timeout(ConfigEntry c) {
        if (c.value() instanceof Int i) {
            return Optional.of(Duration.ofSeconds(i.value()));
        }
        if (c.value() instanceof Real r && Double.isFinite(r.value()) && Math.abs(r.value()) < 1e9) {
            return Optional.of(Duration.ofNanos(Math.round(r.value() * 1e9)));
        }
        if (c.value() instanceof Text t) {
            Parsed<Duration> d = GoDuration.parse(t.value());
            if (!d.isOk()) {
                read.error(c, PREFIX + "'timeout' " + d.error());
                return Optional.empty();
            }
            return Optional.of(d.value());
        }
        read.error(c, PREFIX + "'timeout' wrong type");
        return Optional.empty();
    }

    private Optional<List<String>> names(ConfigEntry c, String field, boolean ciphers) {
        Optional<List<ConfigValue>> items = read.array(c);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            read.error(c, PREFIX + "'" + field + "' cannot be empty");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (ConfigValue v : items.get()) {
            String name = v instanceof Text t ? t.value() : String.valueOf(v);
            boolean known = v instanceof Text && (ciphers ? CipherSuites.isKnown(name) : CipherSuites.isKnownCurve(name));
            if (!known) {
                read.error(v.position(), ciphers ? "unrecognized cipher " + name : "unrecognized curve preference " + name);
                ok = false;
            } else {
                out.add(name);
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** "1.2" or "1.3", as nats-server 2.10 accepts (2.9 has no such key). */
    private Optional<String> minVersion(ConfigEntry c) {
        String v = c.value() instanceof Text t ? t.value().trim() : null;
        if ("1.2".equals(v) || "1.3".equals(v)) {
            return Optional.of(v);
        }
        read.error(c, PREFIX + "unsupported TLS version " + GoSyntax.quote(v == null ? String.valueOf(c.value()) : v)
                + " for 'min_version' (expected \"1.2\" or \"1.3\")");
        return Optional.empty();
    }
}
