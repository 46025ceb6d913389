package io.jnatsd.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** A PrintStream standing in for stderr; ByteArrayOutputStream is synchronized, so any thread may write. */
final class CapturedStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        String text = text();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    long count(String fragment) {
        return lines().stream().filter(l -> l.contains(fragment)).count();
    }

    /** Polls (bounded) until the text contains {@code fragment}. */
    void awaitContains(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!text().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                fail("no \"" + fragment + "\" within " + timeout + " in:\n" + text());
            }
            Thread.sleep(10);
        }
    }
}
