package io.jnatsd.protocol;

/**
 * Why the parser stopped. Each carries the -ERR text nats-server sends before closing
 * (null: the reference closes without a word) and the reason recorded for the closed connection.
 */
public enum ParseError {
    UNKNOWN_OPERATION("Unknown Protocol Operation", CloseReason.PARSE_ERROR),
    MAX_CONTROL_LINE("maximum control line exceeded", CloseReason.MAX_CONTROL_LINE_EXCEEDED),
    MAX_PAYLOAD("Maximum Payload Violation", CloseReason.MAX_PAYLOAD_EXCEEDED),
    AUTHORIZATION("Authorization Violation", CloseReason.AUTHENTICATION_VIOLATION),
    /** Malformed arguments (count, sizes): nats-server closes silently. */
    BAD_ARGUMENTS(null, CloseReason.PROTOCOL_VIOLATION),
    /** HPUB from a client that did not announce headers support. */
    HEADERS_NOT_SUPPORTED(null, CloseReason.PROTOCOL_VIOLATION);

    /** The text inside -ERR '...', or null for a silent close. */
    public final String errText;
    public final CloseReason reason;

    ParseError(String errText, CloseReason reason) {
        this.errText = errText;
        this.reason = reason;
    }
}
