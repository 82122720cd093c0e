package dev.wsjwt.container;

import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.Wsjwt;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The application's wsjwt as CDI sees it: services inject {@link WebSocketSessions}, and a
 * user's {@code WsjwtConfigurator} finds its wsjwt through {@link #current()}. Each deployment
 * has its own (the extension is per deployment); nothing is kept in a static.
 */
@Dependent
public class ApplicationWsjwt {

    @Inject
    WsjwtExtension extension;

    @Produces
    @Dependent
    WebSocketSessions sessions() {
        return extension.wsjwt().orElseThrow(ApplicationWsjwt::inactive).sessions();
    }

    /** The calling application's wsjwt, if CDI is there and the application has one. */
    public static Optional<Wsjwt> current() {
        try {
            return CDI.current().getBeanManager().getExtension(WsjwtExtension.class).wsjwt();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.empty(); // no CDI container for this thread's application, or no extension
        }
    }

    private static IllegalStateException inactive() {
        return new IllegalStateException("wsjwt is not active in this application: it declares no @MessageEndpoint "
                + "and no @ServerEndpoint with WsjwtConfigurator");
    }
}
