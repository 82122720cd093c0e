package dev.wsjwt.container;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.chat.ChatEndpoint;
import dev.wsjwt.config.ConfigurationException;
import dev.wsjwt.config.HandshakeRefusal;
import dev.wsjwt.config.Settings;
import dev.wsjwt.handshake.RuntimeHooks;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.EnumSet;

/**
 * Deploys wsjwt in a Jakarta EE container: settings from MicroProfile Config, validated (a bad
 * one fails the deployment with one line naming the key, rather than deploying an endpoint that
 * accepts everything), the handshake filter, and the chat endpoint under the context root.
 */
@WebListener
public final class WsjwtDeployment implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(WsjwtDeployment.class.getName());
    private static final String ATTRIBUTE = Wsjwt.class.getName();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings;
        try {
            settings = Settings.from(new MicroProfileConfigLookup(context.getClassLoader())).requireVerifiable();
        } catch (ConfigurationException e) {
            LOG.log(Level.ERROR, "wsjwt: configuration error: " + e.getMessage());
            throw e;
        }
        Wsjwt wsjwt = Wsjwt.create(settings, Clock.systemUTC());
        context.setAttribute(ATTRIBUTE, wsjwt);
        if (settings.handshake().refusal() == HandshakeRefusal.HTTP) {
            context.addFilter("wsjwt-handshake", new HandshakeFilter(wsjwt.authenticator()))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, ChatEndpoint.PATH);
        }
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("wsjwt: this container offers no Jakarta WebSocket ServerContainer");
        }
        try {
            container.addEndpoint(ChatEndpoint.config(wsjwt, RuntimeHooks.PORTABLE));
        } catch (DeploymentException e) {
            throw new IllegalStateException("wsjwt: cannot deploy " + ChatEndpoint.PATH, e);
        }
        LOG.log(Level.INFO, "wsjwt: {0} deployed, issuer {1}", context.getContextPath() + ChatEndpoint.PATH,
                settings.verify().issuer().orElse("?"));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (event.getServletContext().getAttribute(ATTRIBUTE) instanceof Wsjwt wsjwt) {
            wsjwt.close();
        }
    }
}
