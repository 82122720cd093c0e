package dev.wsjwt.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wsjwt.ops.Observer;
import dev.wsjwt.ops.OpenTelemetryObserver;
import dev.wsjwt.ops.Readings;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.token.KeyStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Which metrics a container gets: the runtime's OpenTelemetry bean when the API and the bean are
 * there, else none, said once at INFO and never failing the deployment.
 */
class ContainerInstrumentationTest {

    static final ClassLoader APPLICATION = ContainerInstrumentationTest.class.getClassLoader();

    @Test
    void withoutTheOpenTelemetryApiMetricsAreOff() throws Exception {
        ContainerInstrumentation instrumentation = new ContainerInstrumentation();
        LateObserver observer = (LateObserver) instrumentation.observer(NO_READINGS);
        try (LogCapture log = LogCapture.of(ContainerInstrumentation.class);
             URLClassLoader withoutApi = new URLClassLoader(new URL[0], null)) {
            instrumentation.start(beans(type -> { throw new AssertionError("CDI asked for " + type); }), withoutApi);
            assertSame(Observer.NONE, observer.target());
            assertEquals(1, log.containing(Level.INFO, "wsjwt: metrics off: the OpenTelemetry API is not visible").size(),
                    log.messages(Level.ALL)::toString);
        }
    }

    @Test
    void withoutAnOpenTelemetryBeanMetricsAreOff() {
        ContainerInstrumentation instrumentation = new ContainerInstrumentation();
        LateObserver observer = (LateObserver) instrumentation.observer(NO_READINGS);
        try (LogCapture log = LogCapture.of(ContainerInstrumentation.class)) {
            instrumentation.start(beans(type -> Set.of()), APPLICATION);
            assertSame(Observer.NONE, observer.target());
            assertEquals(1, log.containing(Level.INFO, "wsjwt: metrics off: no OpenTelemetry bean").size());
        }
    }

    @Test
    void aFailingLookupLeavesMetricsOffWithoutFailingTheDeployment() {
        ContainerInstrumentation instrumentation = new ContainerInstrumentation();
        LateObserver observer = (LateObserver) instrumentation.observer(NO_READINGS);
        try (LogCapture log = LogCapture.of(ContainerInstrumentation.class)) {
            instrumentation.start(beans(type -> { throw new IllegalStateException("not now"); }), APPLICATION);
            assertSame(Observer.NONE, observer.target());
            assertEquals(1, log.containing(Level.INFO, "could not be used (java.lang.IllegalStateException: not now)").size());
        }
    }

    @Test
    void theRuntimesOpenTelemetryBeanGetsTheInstruments() throws Exception {
        Reader reader = new Reader();
        try (SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            OpenTelemetry runtime = (OpenTelemetry) Proxy.newProxyInstance(APPLICATION, new Class<?>[] {OpenTelemetry.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getMeterProvider" -> meters;
                        case "getMeter" -> meters.get((String) args[0]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            Bean<?> bean = (Bean<?>) Proxy.newProxyInstance(APPLICATION, new Class<?>[] {Bean.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });
            ContainerInstrumentation instrumentation = new ContainerInstrumentation();
            LateObserver observer = (LateObserver) instrumentation.observer(NO_READINGS);
            try (LogCapture log = LogCapture.of(ContainerInstrumentation.class)) {
                instrumentation.start(beans(type -> type == OpenTelemetry.class ? Set.of(bean) : Set.of(), runtime), APPLICATION);
                assertEquals(1, log.containing(Level.INFO, "wsjwt: metrics on OpenTelemetry").size());
            }
            observer.upgradeAccepted("header");
            observer.upgradeAccepted("header");
            MetricData upgrades = reader.registration.collectAllMetrics().stream()
                    .filter(m -> m.getName().equals("wsjwt.upgrades")).findFirst().orElseThrow();
            assertEquals(OpenTelemetryObserver.SCOPE, upgrades.getInstrumentationScopeInfo().getName());
            assertEquals(2, upgrades.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum());
            observer.close();
            assertSame(Observer.NONE, observer.target());
        }
    }

    private static BeanManager beans(Function<Class<?>, Set<Bean<?>>> lookup) {
        return beans(lookup, null);
    }

    /** A BeanManager that answers getBeans from {@code lookup} and references with {@code reference}. */
    private static BeanManager beans(Function<Class<?>, Set<Bean<?>>> lookup, Object reference) {
        return (BeanManager) Proxy.newProxyInstance(APPLICATION, new Class<?>[] {BeanManager.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getBeans" -> lookup.apply((Class<?>) args[0]);
                    case "resolve" -> ((Set<?>) args[0]).iterator().next();
                    case "createCreationalContext" -> Proxy.newProxyInstance(APPLICATION,
                            new Class<?>[] {CreationalContext.class}, (p, m, a) -> null);
                    case "getReference" -> reference;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static final Readings NO_READINGS = new Readings() {
        @Override
        public int openSessions() {
            return 0;
        }

        @Override
        public KeyStatus keys() {
            return new KeyStatus() {
                @Override
                public int keysHeld() {
                    return 0;
                }

                @Override
                public java.util.Optional<java.time.Duration> sinceLastGoodFetch() {
                    return java.util.Optional.empty();
                }

                @Override
                public boolean usable() {
                    return false;
                }

                @Override
                public boolean remote() {
                    return false;
                }
            };
        }

        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public boolean clusterUp() {
            return true;
        }
    };

    /** Collects on demand, cumulative: what a runtime's exporter would read. */
    static final class Reader implements MetricReader {
        CollectionRegistration registration;

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
