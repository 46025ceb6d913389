package io.jnatsd.config;

import java.time.Instant;
import java.util.List;

/**
 * A value of the configuration tree. Scalars are immutable records; {@link ConfigTable} is the
 * map form. Every value knows where it was written, so the mapper can point at it.
 */
public sealed interface ConfigValue
        permits ConfigValue.Text, ConfigValue.Int, ConfigValue.Real, ConfigValue.Bool,
                ConfigValue.DateTime, ConfigValue.Array, ConfigTable {

    Position position();

    /** The kind of value with its article, for messages: "a string", "an integer"... */
    String kind();

    /** The same value, said to be at {@code where} (a variable reference takes the reference's place). */
    ConfigValue at(Position where);

    /** A quoted, bare or block string. */
    record Text(String value, Position position) implements ConfigValue {
        @Override public String kind() { return "a string"; }
        @Override public Text at(Position where) { return new Text(value, where); }
    }

    /** An integer, size suffixes already applied ({@code 1KB} is 1024). */
    record Int(long value, Position position) implements ConfigValue {
        @Override public String kind() { return "an integer"; }
        @Override public Int at(Position where) { return new Int(value, where); }
    }

    record Real(double value, Position position) implements ConfigValue {
        @Override public String kind() { return "a float"; }
        @Override public Real at(Position where) { return new Real(value, where); }
    }

    /** true/false, yes/no, on/off in any case. */
    record Bool(boolean value, Position position) implements ConfigValue {
        @Override public String kind() { return "a boolean"; }
        @Override public Bool at(Position where) { return new Bool(value, where); }
    }

    /** An unquoted ISO 8601 Zulu date-time such as {@code 2024-01-31T12:00:00Z}. */
    record DateTime(Instant value, Position position) implements ConfigValue {
        @Override public String kind() { return "a date"; }
        @Override public DateTime at(Position where) { return new DateTime(value, where); }
    }

    record Array(List<ConfigValue> items, Position position) implements ConfigValue {
        public Array {
            items = List.copyOf(items);
        }
        @Override public String kind() { return "an array"; }
        @Override public Array at(Position where) { return new Array(items, where); }
        // Shallow on purpose: variables let a small file build a tree with shared subtrees.
        @Override public String toString() { return "Array[" + items.size() + " items]@" + position; }
    }
}
