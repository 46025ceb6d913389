package io.jnatsd.monitor;

/**
 * Options of {@link Monitor#routez} ({@code subs=1}, {@code subs=detail}), as nats-server's
 * {@code RoutezOptions}.
 */
public record RoutezOptions(boolean subscriptions, boolean subscriptionsDetail) {
    public static final RoutezOptions DEFAULT = new RoutezOptions(false, false);
}
