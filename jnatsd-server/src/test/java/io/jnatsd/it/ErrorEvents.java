package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** A jnats {@link ErrorListener} that records what the client reports, for assertions. */
final class ErrorEvents implements ErrorListener {
    private final LinkedBlockingQueue<String> errors = new LinkedBlockingQueue<>();
    private final List<String> allErrors = new CopyOnWriteArrayList<>();
    private final List<Exception> exceptions = new CopyOnWriteArrayList<>();

    @Override
    public void errorOccurred(Connection conn, String error) {
        allErrors.add(error);
        errors.add(error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        exceptions.add(exp);
    }

    /** Waits for the next -ERR text the client reports that contains {@code text}. */
    String awaitError(String text) throws InterruptedException {
        return Await.take(() -> "a client error containing \"" + text + "\" (seen so far: " + allErrors + ")",
                errors, e -> e.contains(text));
    }

    /** Every -ERR text reported so far. */
    List<String> errors() {
        return List.copyOf(allErrors);
    }

    List<Exception> exceptions() {
        return List.copyOf(exceptions);
    }
}
