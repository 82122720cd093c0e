package dev.wsjwt.container;

import dev.wsjwt.ops.Health;
import dev.wsjwt.ops.HealthReport;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * wsjwt's readiness ({@code wsjwt-keys}, {@code wsjwt-cluster}) and liveness ({@code wsjwt})
 * as MicroProfile Health checks, answered from the application's {@link Health}. This is the
 * only class of the jar that names the MicroProfile Health API: {@link WsjwtExtension} loads it
 * only after checking that the runtime offers that API, and it carries no bean-defining
 * annotation, so CDI never discovers it on its own.
 */
final class HealthChecks {

    static final String API = "org.eclipse.microprofile.health.HealthCheck";

    private HealthChecks() {
    }

    /** Adds the three checks as beans; {@code health} is empty until the application's wsjwt runs. */
    static void register(AfterBeanDiscovery event, Supplier<Optional<Health>> health) {
        add(event, new Check(Health.KEYS_CHECK, health, Health::keys), Readiness.Literal.INSTANCE);
        add(event, new Check(Health.CLUSTER_CHECK, health, Health::cluster), Readiness.Literal.INSTANCE);
        add(event, new Check(Health.RUNNING_CHECK, health, h -> h.liveness().checks().get(0)), Liveness.Literal.INSTANCE);
    }

    private static void add(AfterBeanDiscovery event, Check check, Annotation kind) {
        event.addBean().beanClass(Check.class).types(HealthCheck.class, Object.class)
                .qualifiers(kind, Any.Literal.INSTANCE).scope(Dependent.class)
                .createWith(context -> check);
    }

    static HealthCheckResponse response(HealthReport.Check check) {
        Map<String, Object> data = new LinkedHashMap<>();
        check.data().forEach((key, value) -> data.put(key, value instanceof Number || value instanceof Boolean
                ? value : String.valueOf(value)));
        return new HealthCheckResponse(check.name(), check.up() ? HealthCheckResponse.Status.UP
                : HealthCheckResponse.Status.DOWN, Optional.of(data));
    }

    /**
     * Before the application's wsjwt runs (or after it closed): not ready, since no token can be
     * verified yet; but alive, since restarting would not start it sooner.
     */
    static HealthReport.Check notRunning(String name) {
        return new HealthReport.Check(name, Health.RUNNING_CHECK.equals(name), Map.of("started", false));
    }

    /**
     * One check, named as wsjwt names it. The {@code @Readiness} here registers nothing (the
     * class is not a bean by itself: no bean-defining annotation); it is the sign Payara looks
     * for: its MicroProfile Health activates for an application only when the application's
     * classes use {@code @Readiness}, {@code @Liveness} or {@code @Startup}.
     */
    @Readiness
    static final class Check implements HealthCheck {

        private final String name;
        private final Supplier<Optional<Health>> health;
        private final Function<Health, HealthReport.Check> read;

        Check(String name, Supplier<Optional<Health>> health, Function<Health, HealthReport.Check> read) {
            this.name = name;
            this.health = health;
            this.read = read;
        }

        @Override
        public HealthCheckResponse call() {
            return response(health.get().map(read).orElseGet(() -> notRunning(name)));
        }
    }
}
