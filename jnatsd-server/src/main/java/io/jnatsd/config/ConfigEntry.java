package io.jnatsd.config;

/**
 * One {@code key: value} of a map, with the key's own position: nats-server reports problems with
 * a setting at its key, and so do we.
 */
public final class ConfigEntry {

    private final String key;
    private final Position keyPosition;
    private final ConfigValue value;
    // Set by the parser when a later $reference reads this entry. nats-server does not call
    // such a key unknown: defining variables as top-level keys is how configs share values.
    private boolean usedAsVariable;

    ConfigEntry(String key, Position keyPosition, ConfigValue value) {
        this.key = key;
        this.keyPosition = keyPosition;
        this.value = value;
    }

    /** The key as written (nats-server matches known keys case-insensitively). */
    public String key() { return key; }
    public Position keyPosition() { return keyPosition; }
    public ConfigValue value() { return value; }
    public boolean usedAsVariable() { return usedAsVariable; }

    void markUsedAsVariable() {
        usedAsVariable = true;
    }
}
