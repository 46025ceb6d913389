package io.jnatsd.server;

/**
 * A configuration reload was refused: an option that cannot change at run time changed, or the
 * new configuration could not be put in place. The server keeps its previous configuration
 * entirely. The message is nats-server's where it has one
 * ({@code config reload not supported for Port: old=4222, new=4223}).
 */
public final class ReloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReloadException(String message) {
        super(message);
    }

    public ReloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
