package io.jnatsd.monitor;

/** Options for {@link Monitor#varz}; nats-server 2.9 defines none either. */
public record VarzOptions() {
    public static final VarzOptions DEFAULT = new VarzOptions();
}
