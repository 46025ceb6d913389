package io.jnatsd.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that other tests run through {@link TestKit} to see what the extension
 * did after it finished. It is skipped when the build's own test run comes across it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyInTestKit.class)
@interface Fixture {

    /** Configuration parameter that {@link TestKit} sets. */
    String PARAMETER = "io.jnatsd.junit.fixture";

    final class OnlyInTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER, Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by TestKit")
                    : ConditionEvaluationResult.disabled("a fixture: runs only through TestKit");
        }
    }
}
