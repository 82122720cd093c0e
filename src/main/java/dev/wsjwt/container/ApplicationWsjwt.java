package dev.wsjwt.container;

import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.Wsjwt;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Optional;

/**
 * The application's wsjwt as CDI sees it: the one {@link WsjwtInitializer} built for this
 * servlet context, so that services inject {@link WebSocketSessions} and a user's
 * {@code WsjwtConfigurator} finds its wsjwt. Produced per injection point, never cached in a
 * static: each deployment has its own.
 */
@Dependent
public class ApplicationWsjwt {

    static final String ATTRIBUTE = Wsjwt.class.getName();

    @Inject
    ServletContext context;

    @Produces
    @Dependent
    WebSocketSessions sessions() {
        return wsjwt().sessions();
    }

    Wsjwt wsjwt() {
        if (context.getAttribute(ATTRIBUTE) instanceof Wsjwt wsjwt) {
            return wsjwt;
        }
        throw new IllegalStateException("wsjwt is not active in this application: it declares no @MessageEndpoint "
                + "and no @ServerEndpoint with WsjwtConfigurator");
    }

    /** The calling application's wsjwt, if CDI is there and the application has one. */
    public static Optional<Wsjwt> current() {
        try {
            ApplicationWsjwt beans = CDI.current().select(ApplicationWsjwt.class).get();
            return beans.context.getAttribute(ATTRIBUTE) instanceof Wsjwt wsjwt ? Optional.of(wsjwt) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty(); // no CDI container for this thread's application
        }
    }
}
