package io.jnatsd.server;

/** Versions reported to clients and operators. */
public final class Version {
    /** jnatsd's own version. */
    public static final String JNATSD = "0.1.0";
    /**
     * The nats-server release whose client protocol jnatsd implements. Clients gate features
     * on INFO's "version", so INFO reports this one, in nats-server's form.
     */
    public static final String PROTOCOL_COMPATIBLE = "2.9.10";
    /** Client protocol level: 1 supports async INFO. */
    public static final int PROTO = 1;

    private Version() {
    }
}
