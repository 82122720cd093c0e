package dev.wsjwt.container;

import dev.wsjwt.Wsjwt;
import jakarta.enterprise.inject.spi.Extension;
import java.util.Optional;

/**
 * The application's wsjwt where CDI can reach it: a portable extension is one object per
 * deployment, which CDI hands to beans ({@link ApplicationWsjwt}, the interceptor) and to
 * {@code CDI.current()} callers alike, on any thread. (The servlet context is not: Payara gives
 * CDI a request-scoped view of it, unusable on WebSocket threads.) Bound by
 * {@link EndpointPublisher}.
 */
public final class WsjwtExtension implements Extension {

    /** The application's wsjwt and the factory of its annotated endpoints' instances. */
    record Application(Wsjwt wsjwt, OwnedEndpoints endpoints) {
    }

    private volatile Application application;

    void bind(Application bound) {
        this.application = bound;
    }

    void unbind() {
        this.application = null;
    }

    Optional<Application> application() {
        return Optional.ofNullable(application);
    }
}
