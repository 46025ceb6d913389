package io.jnatsd.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of the configuration tree: the file itself, a {@code { ... }} block or an included file.
 * Keys keep file order; a key written twice keeps its last value, as in nats-server. Keys are
 * case-sensitive here (variables are); the mapper compares known keys without case.
 */
public final class ConfigTable implements ConfigValue {

    private final Map<String, ConfigEntry> entries;
    private final Position position;

    ConfigTable(Position position) {
        this(new LinkedHashMap<>(), position);
    }

    private ConfigTable(Map<String, ConfigEntry> entries, Position position) {
        this.entries = entries;
        this.position = position;
    }

    /** The entry for exactly this key, or null. */
    public ConfigEntry get(String key) {
        return entries.get(key);
    }

    /** All entries in the order their keys were first written. */
    public Collection<ConfigEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    @Override
    public Position position() {
        return position;
    }

    @Override
    public String kind() {
        return "a map";
    }

    /** Shares the entries: tables are complete, and no longer changed, once a reference can see them. */
    @Override
    public ConfigTable at(Position where) {
        return new ConfigTable(entries, where);
    }

    /** Parser only: sets a key, replacing an earlier value of the same key. */
    void put(ConfigEntry entry) {
        entries.put(entry.key(), entry);
    }

    @Override
    public String toString() {
        // Deliberately shallow: a tree built from variables can share subtrees many times over.
        return "ConfigTable" + entries.keySet() + "@" + position;
    }
}
