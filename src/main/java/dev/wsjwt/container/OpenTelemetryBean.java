package dev.wsjwt.container;

import dev.wsjwt.ops.Instrumentation;
import dev.wsjwt.ops.OpenTelemetryObserver;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime's {@code OpenTelemetry} bean. Names the OpenTelemetry API, so it is loaded only
 * once {@link ContainerInstrumentation} has seen that API.
 */
final class OpenTelemetryBean {

    private OpenTelemetryBean() {
    }

    static Optional<Instrumentation> instrumentation(BeanManager beans) {
        Set<Bean<?>> found = beans.getBeans(OpenTelemetry.class);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Bean<?> bean = beans.resolve(found);
        OpenTelemetry telemetry = (OpenTelemetry) beans.getReference(bean, OpenTelemetry.class,
                beans.createCreationalContext(bean));
        return Optional.of(OpenTelemetryObserver.on(telemetry.getMeter(OpenTelemetryObserver.SCOPE)));
    }
}
