package dev.wsjwt.container;

import dev.wsjwt.MessageEndpoint;
import dev.wsjwt.handshake.AnnotatedEndpoints;
import dev.wsjwt.Wsjwt;
import dev.wsjwt.WsjwtConfigurator;
import dev.wsjwt.config.ConfigurationException;
import dev.wsjwt.config.HandshakeRefusal;
import dev.wsjwt.config.Settings;
import dev.wsjwt.web.LogoutEndpoint;
import dev.wsjwt.web.TicketEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * wsjwt in a Jakarta EE application, found through {@code META-INF/services}: the container hands
 * it the application's {@code @MessageEndpoint} and {@code @ServerEndpoint} classes. An
 * application that declares neither gets nothing: no endpoint, filter, listener or settings read.
 * Otherwise: the settings from MicroProfile Config (a bad one fails the deployment with one line
 * naming the key), one wsjwt for the application, the 401/403 filter in front of every wsjwt
 * path, and the message endpoints published once CDI is up ({@link EndpointPublisher}).
 */
@HandlesTypes({MessageEndpoint.class, ServerEndpoint.class})
public final class WsjwtInitializer implements ServletContainerInitializer {

    private static final System.Logger LOG = System.getLogger(WsjwtInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        Map<String, List<Class<?>>> messageEndpoints = new TreeMap<>();
        Map<String, Class<?>> annotatedEndpoints = new TreeMap<>();
        for (Class<?> type : classes == null ? Set.<Class<?>>of() : classes) {
            MessageEndpoint messages = type.getAnnotation(MessageEndpoint.class);
            ServerEndpoint server = type.getAnnotation(ServerEndpoint.class);
            if (messages != null && server != null) {
                throw fail(type.getName() + " has both @MessageEndpoint and @ServerEndpoint: choose one");
            }
            if (messages != null) {
                messageEndpoints.computeIfAbsent(messages.value(), p -> new ArrayList<>()).add(type);
            } else if (server != null && WsjwtConfigurator.class.isAssignableFrom(server.configurator())) {
                AnnotatedEndpoints.requireTrackable(type).ifPresent(problem -> {
                    throw fail(problem);
                });
                annotatedEndpoints.put(server.value(), type);
            }
        }
        if (messageEndpoints.isEmpty() && annotatedEndpoints.isEmpty()) {
            return;
        }
        for (String path : messageEndpoints.keySet()) {
            if (annotatedEndpoints.containsKey(path)) {
                throw fail("path " + path + " is used by @MessageEndpoint " + messageEndpoints.get(path).get(0).getName()
                        + " and by @ServerEndpoint " + annotatedEndpoints.get(path).getName());
            }
        }
        Settings settings;
        try {
            settings = Settings.from(new MicroProfileConfigLookup(context.getClassLoader())).requireVerifiable();
        } catch (ConfigurationException e) {
            LOG.log(Level.ERROR, "wsjwt: configuration error: " + e.getMessage());
            throw e;
        }
        ContainerInstrumentation instrumentation = new ContainerInstrumentation();
        Wsjwt wsjwt = Wsjwt.create(settings, Clock.systemUTC(), instrumentation);
        if (settings.handshake().refusal() == HandshakeRefusal.HTTP) {
            List<PathTemplate> inBand = messageEndpoints.keySet().stream().map(PathTemplate::of).toList();
            List<PathTemplate> atUpgrade = annotatedEndpoints.keySet().stream().map(PathTemplate::of).toList();
            Set<String> patterns = new LinkedHashSet<>();
            inBand.forEach(template -> patterns.add(template.urlPattern()));
            atUpgrade.forEach(template -> patterns.add(template.urlPattern()));
            context.addFilter("wsjwt-handshake", new HandshakeFilter(wsjwt.authenticator(), inBand, atUpgrade))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, patterns.toArray(String[]::new));
        }
        wsjwt.ticketEndpoint().ifPresent(endpoint -> context.addServlet("wsjwt-ticket",
                new WebEndpointServlet(endpoint::handle)).addMapping(TicketEndpoint.PATH));
        wsjwt.logoutEndpoint().ifPresent(endpoint -> context.addServlet("wsjwt-backchannel-logout",
                new WebEndpointServlet(endpoint::handle)).addMapping(LogoutEndpoint.PATH));
        context.addListener(new EndpointPublisher(wsjwt, instrumentation, messageEndpoints,
                !annotatedEndpoints.isEmpty()));
        LOG.log(Level.INFO, "wsjwt: {0} message endpoint(s) {1}, {2} annotated endpoint(s) {3}, issuer {4}",
                messageEndpoints.size(), messageEndpoints.keySet(), annotatedEndpoints.size(), annotatedEndpoints.keySet(),
                settings.verify().issuer().orElse("?"));
    }

    private static IllegalStateException fail(String problem) {
        LOG.log(Level.ERROR, "wsjwt: " + problem);
        return new IllegalStateException("wsjwt: " + problem);
    }
}
