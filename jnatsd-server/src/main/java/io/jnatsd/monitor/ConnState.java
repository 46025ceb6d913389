package io.jnatsd.monitor;

/** Which connections {@code /connz} lists ({@code state=open|closed|all}; nats-server also takes "any"). */
public enum ConnState {
    OPEN,
    CLOSED,
    ALL;

    boolean includesOpen() {
        return this != CLOSED;
    }

    boolean includesClosed() {
        return this != OPEN;
    }

    /** The query form, case-insensitive as nats-server reads it; null when not understood. */
    public static ConnState parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "open" -> OPEN;
            case "closed" -> CLOSED;
            case "any", "all" -> ALL;
            default -> null;
        };
    }
}
