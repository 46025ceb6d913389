package io.jnatsd.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JUnit 5 extension behind {@link JnatsdServer} and {@link JnatsdCluster}; those annotations
 * register it, so tests rarely name it.
 *
 * <p>Per-class servers start in {@code beforeAll} (or earlier, when a constructor asks for one)
 * and live in the class's store; per-method servers start in {@code beforeEach}, before any
 * {@code @BeforeEach} method, and live in the test's store. JUnit closes a store's servers when
 * its context ends, whatever the outcome. The extension itself holds no state, so it is safe
 * with parallel execution.
 *
 * <p>Fields annotated {@link ServerUrl}, {@link ServerPort} or {@link InjectServer} are set
 * before each test (static ones also before {@code @BeforeAll}); parameters are resolved for
 * test, lifecycle and constructor methods.
 */
public final class JnatsdExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        startClassServers(context);
        injectFields(testClass, null, context, ModifierSupport::isStatic);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<Object> instances = context.getRequiredTestInstances().getAllInstances();
        List<Declaration> perMethod = new ArrayList<>();
        for (Object instance : instances) {
            for (Declaration d : Declaration.on(instance.getClass())) {
                if (d.scope() == Scope.PER_METHOD) {
                    perMethod.add(d);
                }
            }
        }
        perMethod.addAll(Declaration.on(context.getRequiredTestMethod()));
        if (!perMethod.isEmpty()) {
            LevelServers.startOnce(context, perMethod);
        }
        for (Object instance : instances) {
            injectFields(instance.getClass(), instance, context, f -> true);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return InjectionPoint.of(parameter).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty() && context.getTestClass().isPresent()) {
            // a constructor under @TestInstance(PER_CLASS) is called before beforeAll
            startClassServers(context);
        }
        InjectionPoint point = InjectionPoint.of(parameter).orElseThrow();
        try {
            return point.resolve(context);
        } catch (InjectionPoint.Failure e) {
            throw new ParameterResolutionException(e.getMessage());
        }
    }

    private static void startClassServers(ExtensionContext classContext) {
        List<Declaration> perClass = new ArrayList<>();
        for (Declaration d : Declaration.on(classContext.getRequiredTestClass())) {
            if (d.scope() == Scope.PER_CLASS) {
                perClass.add(d);
            }
        }
        if (!perClass.isEmpty()) {
            LevelServers.startOnce(classContext, perClass);
        }
    }

    private static void injectFields(Class<?> type, Object instance, ExtensionContext context,
                                     Predicate<Field> which) {
        List<Field> fields = ReflectionSupport.findFields(type,
                f -> which.test(f) && InjectionPoint.of(f).isPresent(), HierarchyTraversalMode.TOP_DOWN);
        for (Field f : fields) {
            InjectionPoint point = InjectionPoint.of(f).orElseThrow();
            if (ModifierSupport.isFinal(f)) {
                throw new ExtensionConfigurationException(point.where() + " is final; jnatsd cannot set it");
            }
            if (instance == null && ModifierSupport.isNotStatic(f)) {
                continue;
            }
            Object value;
            try {
                value = point.resolve(context);
            } catch (InjectionPoint.Failure e) {
                throw new ExtensionConfigurationException(e.getMessage());
            }
            set(f, ModifierSupport.isStatic(f) ? null : instance, value, point);
        }
    }

    private static void set(Field f, Object target, Object value, InjectionPoint point) {
        try {
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException(point.where() + ": cannot be set: " + e, e);
        }
    }

}
