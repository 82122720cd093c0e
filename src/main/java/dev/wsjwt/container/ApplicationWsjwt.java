package dev.wsjwt.container;

import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.Wsjwt;
import dev.wsjwt.handshake.EndpointFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The application's wsjwt as CDI sees it: services inject {@link WebSocketSessions}, and a
 * user's {@code WsjwtConfigurator} finds its wsjwt through {@link #current()}. Each deployment
 * has its own (the extension is per deployment); nothing is kept in a static.
 */
@Dependent
public class ApplicationWsjwt {

    // The extension itself is not injected: CDI would need to proxy it (a normal-scoped bean).
    @Inject
    BeanManager beans;

    @Produces
    @Dependent
    WebSocketSessions sessions() {
        return beans.getExtension(WsjwtExtension.class).application().orElseThrow(ApplicationWsjwt::inactive).wsjwt().sessions();
    }

    /** The calling application's wsjwt and its annotated endpoints' factory, if CDI is there and the application has one. */
    public record Current(Wsjwt wsjwt, EndpointFactory endpoints) {
    }

    public static Optional<Current> current() {
        try {
            return CDI.current().getBeanManager().getExtension(WsjwtExtension.class).application()
                    .map(app -> new Current(app.wsjwt(), app.endpoints()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.empty(); // no CDI container for this thread's application, or no extension
        }
    }

    private static IllegalStateException inactive() {
        return new IllegalStateException("wsjwt is not active in this application: it declares no @MessageEndpoint "
                + "and no @ServerEndpoint with WsjwtConfigurator");
    }
}
