package io.jnatsd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Errors and warnings found while reading a configuration, each tied to a position. Everything
 * is collected and reported together, never just the first problem.
 */
final class Diagnostics {

    /** One problem; printed as nats-server prints it: {@code file:line:col: message}. */
    record Problem(Position position, String message) {
        @Override
        public String toString() {
            return position == null ? message : position + ": " + message;
        }
    }

    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    void error(Position at, String message) {
        errors.add(new Problem(at, message));
    }

    void warn(Position at, String message) {
        warnings.add(new Problem(at, message));
    }

    int errorCount() {
        return errors.size();
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    Problem firstError() {
        return errors.get(0);
    }

    List<String> errors() {
        return errors.stream().map(Problem::toString).toList();
    }

    List<String> warnings() {
        return warnings.stream().map(Problem::toString).toList();
    }
}
