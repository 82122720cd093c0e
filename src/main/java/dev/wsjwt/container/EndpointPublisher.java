package dev.wsjwt.container;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.dispatch.ServiceInstance;
import dev.wsjwt.handshake.RuntimeHooks;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes the application's message endpoints once CDI and the WebSocket container are up:
 * every {@code @MessageEndpoint} bean of a path, reached through CDI (so injection, interceptors
 * and scopes apply), forms one endpoint. A class CDI does not manage fails the deployment
 * instead of leaving its path silently unserved. Closes the application's wsjwt at the end.
 */
final class EndpointPublisher implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(EndpointPublisher.class.getName());
    private static final Duration SWEEP = Duration.ofSeconds(10);

    private final Wsjwt wsjwt;
    private final ContainerInstrumentation instrumentation;
    private final Map<String, List<Class<?>>> endpoints;
    private final boolean annotated;

    /** @param annotated whether the application has annotated endpoints with {@code WsjwtConfigurator} */
    EndpointPublisher(Wsjwt wsjwt, ContainerInstrumentation instrumentation, Map<String, List<Class<?>>> endpoints,
                      boolean annotated) {
        this.wsjwt = wsjwt;
        this.instrumentation = instrumentation;
        this.endpoints = endpoints;
        this.annotated = annotated;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        BeanManager beans = CDI.current().getBeanManager();
        OwnedEndpoints owned = new OwnedEndpoints(beans, wsjwt.sessionManager());
        instrumentation.start(beans, event.getServletContext().getClassLoader());
        beans.getExtension(WsjwtExtension.class).bind(new WsjwtExtension.Application(wsjwt, owned));
        if (annotated) {
            wsjwt.scheduler().every(SWEEP, owned::sweep);
        }
        if (endpoints.isEmpty()) {
            return;
        }
        ServerContainer container = (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw fail("this container offers no Jakarta WebSocket ServerContainer");
        }
        RequestScope scope = new RequestScope(beans.createInstance().select(RequestContextController.class));
        for (Map.Entry<String, List<Class<?>>> endpoint : endpoints.entrySet()) {
            List<Object> services = new ArrayList<>();
            for (Class<?> type : endpoint.getValue()) {
                services.add(new ServiceInstance(reference(beans, type), type));
            }
            try {
                container.addEndpoint(wsjwt.endpoint(endpoint.getKey(), services, RuntimeHooks.PORTABLE, scope));
            } catch (DeploymentException | IllegalStateException e) {
                throw fail("cannot publish " + endpoint.getKey() + ": " + e.getMessage());
            }
            LOG.log(Level.INFO, "wsjwt: {0} published ({1})", event.getServletContext().getContextPath() + endpoint.getKey(),
                    endpoint.getValue().stream().map(Class::getSimpleName).toList());
        }
    }

    private static Object reference(BeanManager beans, Class<?> type) {
        Set<Bean<?>> found = beans.getBeans(type);
        if (found.isEmpty()) {
            throw fail(type.getName() + " is annotated @MessageEndpoint but is not a CDI bean: give it a "
                    + "bean-defining annotation such as @ApplicationScoped");
        }
        Bean<?> bean = beans.resolve(found);
        return beans.getReference(bean, type, beans.createCreationalContext(bean));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            CDI.current().getBeanManager().getExtension(WsjwtExtension.class).unbind();
        } catch (RuntimeException e) {
            // CDI may already be gone at undeployment; nothing then holds the wsjwt
        }
        wsjwt.close();
    }

    private static IllegalStateException fail(String problem) {
        LOG.log(Level.ERROR, "wsjwt: " + problem);
        return new IllegalStateException("wsjwt: " + problem);
    }
}
