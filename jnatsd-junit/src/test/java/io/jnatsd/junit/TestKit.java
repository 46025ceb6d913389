package io.jnatsd.junit;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs {@link Fixture} classes through the Jupiter engine, in this JVM, and returns what happened. */
final class TestKit {
    private TestKit() {
    }

    static EngineExecutionResults run(Class<?>... fixtures) {
        return kit(fixtures).execute();
    }

    /** Runs the fixtures' classes and methods concurrently. */
    static EngineExecutionResults runInParallel(Class<?>... fixtures) {
        return kit(fixtures)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute();
    }

    private static EngineTestKit.Builder kit(Class<?>... fixtures) {
        EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter").configurationParameter(Fixture.PARAMETER, "true");
        for (Class<?> f : fixtures) {
            b.selectors(selectClass(f));
        }
        return b;
    }

    /** The messages of every failure (tests and containers), for assertions and diagnostics. */
    static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(TestKit::message)
                .collect(Collectors.toList());
    }

    private static String message(Event e) {
        Optional<Throwable> t = e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable);
        return e.getTestDescriptor().getDisplayName() + ": " + t.map(String::valueOf).orElse("(no throwable)");
    }
}
