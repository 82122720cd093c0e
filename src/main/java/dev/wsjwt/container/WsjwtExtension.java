package dev.wsjwt.container;

import dev.wsjwt.Wsjwt;
import jakarta.enterprise.inject.spi.Extension;
import java.util.Optional;

/**
 * The application's wsjwt where CDI can reach it: a portable extension is one object per
 * deployment, which CDI hands to beans ({@link ApplicationWsjwt}) and to {@code CDI.current()}
 * callers alike, on any thread. (The servlet context is not: Payara gives CDI a request-scoped
 * view of it, unusable on WebSocket threads.) Bound by {@link EndpointPublisher}.
 */
public final class WsjwtExtension implements Extension {

    private volatile Wsjwt wsjwt;

    void bind(Wsjwt bound) {
        this.wsjwt = bound;
    }

    void unbind() {
        this.wsjwt = null;
    }

    Optional<Wsjwt> wsjwt() {
        return Optional.ofNullable(wsjwt);
    }
}
