package dev.wsjwt.container;

import dev.wsjwt.MessageEndpoint;
import dev.wsjwt.Wsjwt;
import dev.wsjwt.WsjwtConfigurator;
import dev.wsjwt.ops.Health;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The application's wsjwt where CDI can reach it: a portable extension is one object per
 * deployment, which CDI hands to beans ({@link ApplicationWsjwt}, the interceptor) and to
 * {@code CDI.current()} callers alike, on any thread. (The servlet context is not: Payara gives
 * CDI a request-scoped view of it, unusable on WebSocket threads.) Bound by
 * {@link EndpointPublisher}.
 *
 * <p>It also adds wsjwt's MicroProfile Health checks ({@link HealthChecks}), when the runtime
 * has that API and CDI saw a wsjwt endpoint among the application's types: a WAR that only
 * adds the jar gets none. Bean discovery ends before the servlet initializer runs on some
 * runtimes (WildFly starts CDI first), so the decision cannot wait for the initializer.
 */
public final class WsjwtExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(WsjwtExtension.class.getName());

    /** The application's wsjwt and the factory of its annotated endpoints' instances. */
    record Application(Wsjwt wsjwt, OwnedEndpoints endpoints) {
    }

    private volatile Application application;
    private volatile boolean usesWsjwt;

    void bind(Application bound) {
        this.application = bound;
    }

    void unbind() {
        this.application = null;
    }

    Optional<Application> application() {
        return Optional.ofNullable(application);
    }

    void endpoint(@Observes @WithAnnotations({MessageEndpoint.class, ServerEndpoint.class}) ProcessAnnotatedType<?> type) {
        ServerEndpoint server = type.getAnnotatedType().getAnnotation(ServerEndpoint.class);
        if (type.getAnnotatedType().isAnnotationPresent(MessageEndpoint.class)
                || server != null && WsjwtConfigurator.class.isAssignableFrom(server.configurator())) {
            usesWsjwt = true;
        }
    }

    void healthChecks(@Observes AfterBeanDiscovery event) {
        if (!usesWsjwt) {
            return;
        }
        if (!visible(HealthChecks.API, WsjwtExtension.class.getClassLoader())) {
            LOG.log(Level.INFO, "wsjwt: no MicroProfile Health in this runtime: no health checks");
            return;
        }
        HealthChecks.register(event, () -> application().map(app -> app.wsjwt().health()));
        LOG.log(Level.INFO, "wsjwt: MicroProfile Health checks {0}, {1} (readiness) and {2} (liveness)",
                Health.KEYS_CHECK, Health.CLUSTER_CHECK, Health.RUNNING_CHECK);
    }

    /** Whether {@code type} loads, without initializing it. */
    static boolean visible(String type, ClassLoader loader) {
        try {
            Class.forName(type, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
