package io.jnatsd.config;

import java.util.List;

/**
 * A configuration that cannot be used. Carries every problem found, each already prefixed with
 * {@code file:line:column:}; {@link #getMessage()} joins them with new lines.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    /** Every error, in the order found (file order where it can be told). */
    public List<String> errors() {
        return errors;
    }
}
