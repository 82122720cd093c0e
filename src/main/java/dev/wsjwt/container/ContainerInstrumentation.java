package dev.wsjwt.container;

import dev.wsjwt.ops.Instrumentation;
import dev.wsjwt.ops.Observer;
import dev.wsjwt.ops.Readings;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * wsjwt's metrics in a container: on the runtime's OpenTelemetry (MicroProfile Telemetry's
 * {@code OpenTelemetry} bean) when the application can see that API and CDI offers the bean,
 * else none. The WAR never bundles OpenTelemetry: a second copy would export nothing the
 * runtime knows of. The choice is made by {@link #start} from the listener that publishes the
 * endpoints, where wsjwt already relies on CDI: Payara 6 and WildFly 39 also let the servlet
 * initializer reach CDI and the bean (tried), but neither specification promises it there.
 * It never fails the deployment.
 */
final class ContainerInstrumentation implements Instrumentation {

    static final String OPEN_TELEMETRY = "io.opentelemetry.api.OpenTelemetry";
    private static final System.Logger LOG = System.getLogger(ContainerInstrumentation.class.getName());

    private final LateObserver observer = new LateObserver();
    private volatile Readings readings;

    @Override
    public Observer observer(Readings readings) {
        this.readings = readings;
        return observer;
    }

    /** Attaches the runtime's OpenTelemetry, if any; logs which was chosen. */
    void start(BeanManager beans, ClassLoader application) {
        Optional<Instrumentation> chosen;
        String why;
        try {
            if (!WsjwtExtension.visible(OPEN_TELEMETRY, application)) {
                chosen = Optional.empty();
                why = "the OpenTelemetry API is not visible to the application (no MicroProfile Telemetry)";
            } else {
                chosen = OpenTelemetryBean.instrumentation(beans);
                why = chosen.isPresent() ? "the runtime's OpenTelemetry bean" : "no OpenTelemetry bean in CDI";
            }
            chosen.ifPresent(found -> observer.attach(found.observer(readings)));
        } catch (RuntimeException | LinkageError e) {
            chosen = Optional.empty();
            why = "the runtime's OpenTelemetry could not be used (" + e + ")";
        }
        LOG.log(Level.INFO, "wsjwt: metrics {0}: {1}", chosen.isPresent() ? "on OpenTelemetry" : "off", why);
    }
}
