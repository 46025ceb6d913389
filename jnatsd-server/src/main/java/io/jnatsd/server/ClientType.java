package io.jnatsd.server;

/**
 * How a client reached the server (nats-server's clientType): the NATS protocol straight over
 * TCP, or inside WebSocket frames. Everything from the parser on is the same for both; the type
 * decides the authorization in force, the INFO fields that differ, the log prefix and what
 * /connz shows.
 */
public enum ClientType {
    NATS("nats", "cid"),
    WEBSOCKET("websocket", "wid");

    private final String text;
    private final String idLabel;

    ClientType(String text, String idLabel) {
        this.text = text;
        this.idLabel = idLabel;
    }

    /** The name /connz shows as "type". */
    public String text() {
        return text;
    }

    /** The label of the connection id in log lines ("cid:7", "wid:7"), as nats-server's. */
    String idLabel() {
        return idLabel;
    }
}
