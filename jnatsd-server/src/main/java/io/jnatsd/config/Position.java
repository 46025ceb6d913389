package io.jnatsd.config;

/**
 * Where something sits in a configuration source: the file as it was named, a 1-based line and a
 * 1-based column (counted in characters). Printed as {@code file:line:column}, the prefix
 * nats-server puts on every configuration error.
 */
public record Position(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
