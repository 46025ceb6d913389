package io.jnatsd.monitor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: it rejects what
 * Prometheus would reject and a few things it tolerates but a tidy exporter never writes
 * (blank lines, samples before their TYPE, a family split in two, a missing final newline,
 * duplicate series).
 */
final class PrometheusTextParser {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its labels (sorted by name) and value. */
    record Sample(Map<String, String> labels, double value) {
    }

    /** A metric family: TYPE, HELP and samples in the order written. */
    record Family(String name, String type, String help, List<Sample> samples) {
        /** The only sample; fails when there are several. */
        double value() {
            if (samples.size() != 1) {
                throw new AssertionError(name + " has " + samples.size() + " samples");
            }
            return samples.get(0).value();
        }

        double value(String label, String labelValue) {
            for (Sample s : samples) {
                if (labelValue.equals(s.labels().get(label))) {
                    return s.value();
                }
            }
            throw new AssertionError(name + " has no sample with " + label + "=" + labelValue);
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> series = new HashSet<>();
    private final Set<String> finished = new HashSet<>();
    private String current;

    private PrometheusTextParser() {
    }

    static Map<String, Family> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        PrometheusTextParser p = new PrometheusTextParser();
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                p.line(lines[i]);
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": unterminated: " + lines[i], e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + ": " + lines[i], e);
            }
        }
        for (Family f : p.families.values()) {
            if (f.type() == null) {
                throw new IllegalArgumentException(f.name() + " has no TYPE");
            }
        }
        return p.families;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException("blank line");
        }
        if (line.startsWith("#")) {
            String[] f = line.split(" ", 4);
            if (f.length >= 3 && (f[1].equals("HELP") || f[1].equals("TYPE"))) {
                String name = f[2];
                requireName(name);
                Family fam = enter(name);
                String rest = f.length == 4 ? f[3] : "";
                if (f[1].equals("HELP")) {
                    if (fam.help() != null) {
                        throw new IllegalArgumentException("second HELP for " + name);
                    }
                    families.put(name, new Family(name, fam.type(), unescapeHelp(rest), fam.samples()));
                } else {
                    if (fam.type() != null) {
                        throw new IllegalArgumentException("second TYPE for " + name);
                    }
                    if (!fam.samples().isEmpty()) {
                        throw new IllegalArgumentException("TYPE after samples of " + name);
                    }
                    if (!TYPES.contains(rest)) {
                        throw new IllegalArgumentException("unknown type " + rest);
                    }
                    families.put(name, new Family(name, rest, fam.help(), fam.samples()));
                }
            }
            return; // other comments are allowed
        }
        sample(line);
    }

    /** Switches to family {@code name}; a family may not come back after another began. */
    private Family enter(String name) {
        if (!name.equals(current)) {
            if (finished.contains(name)) {
                throw new IllegalArgumentException("family " + name + " is split");
            }
            if (current != null) {
                finished.add(current);
            }
            current = name;
        }
        return families.computeIfAbsent(name, n -> new Family(n, null, null, new ArrayList<>()));
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(name);
        Family fam = enter(name);
        if (fam.type() == null) {
            throw new IllegalArgumentException("sample before TYPE of " + name);
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException("label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException("bad label name " + label);
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (;; j++) {
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        switch (n) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw new IllegalArgumentException("bad escape \\" + n);
                        }
                    } else {
                        v.append(c);
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected ',' or '}'");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("expected value [timestamp]");
        }
        double value = number(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        if (!series.add(name + labels)) {
            throw new IllegalArgumentException("duplicate series " + name + labels);
        }
        fam.samples().add(new Sample(labels, value));
    }

    private static double number(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!s.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                    throw new IllegalArgumentException("bad value " + s);
                }
                return Double.parseDouble(s);
        }
    }

    private static void requireName(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
    }

    private static String unescapeHelp(String s) {
        return s.replace("\\n", "\n").replace("\\\\", "\\");
    }
}
