package dev.wsjwt;

import dev.wsjwt.handshake.HandshakeStep;
import dev.wsjwt.handshake.RuntimeHooks;
import dev.wsjwt.handshake.EndpointFactory;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;

/**
 * The configurator of a user's own annotated endpoint:
 * {@code @ServerEndpoint(value = "/ws/x", configurator = WsjwtConfigurator.class)}. The token is
 * verified at the upgrade with the same transports, settings and refusals as wsjwt's message
 * endpoints (in-band {@code auth} excepted: such an endpoint has no dispatcher, so an upgrade
 * without a token is refused); {@code Session.getUserPrincipal()} and the user property
 * {@code dev.wsjwt.principal} hold the verified {@code JsonWebToken}; the session is closed 4401
 * when its token expires or is revoked, and kicked like any other.
 *
 * <p>The endpoint needs a public {@code @OnOpen} method with a {@code Session} parameter (the one
 * moment the runtime shows the session): without one the deployment fails. In a container wsjwt
 * creates the instance through CDI (injection, {@code @PostConstruct}, {@code @PreDestroy} work as
 * usual) behind an interception proxy on {@code @OnOpen} and {@code @OnClose}, so the class and
 * those methods must not be final. Which wsjwt the endpoint belongs to is found when the first
 * upgrade arrives: the application's, from CDI, in a container; the server's own, standalone.
 */
public class WsjwtConfigurator extends ServerEndpointConfig.Configurator {

    /**
     * What a configurator works with: one per deployment. {@code instances} is empty where the
     * runtime's own instance creation is kept (standalone: wsjwt wraps the endpoint instead).
     */
    record Binding(HandshakeStep step, Optional<EndpointFactory> instances) {
        static Binding of(Wsjwt wsjwt, RuntimeHooks hooks, Optional<EndpointFactory> instances) {
            return new Binding(new HandshakeStep(wsjwt.authenticator(), hooks, false), instances);
        }
    }

    // Set only while a standalone server deploys an annotated endpoint, on the deploying thread:
    // Tyrus creates the configurator reflectively, with no way to hand it the server's wsjwt.
    static final ThreadLocal<Binding> DEPLOYING = new ThreadLocal<>();

    private volatile Binding binding;

    public WsjwtConfigurator() {
        this.binding = DEPLOYING.get();
    }

    /** wsjwt's own message endpoints: bound from the start. */
    WsjwtConfigurator(Binding binding) {
        this.binding = binding;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        binding().step().modifyHandshake(sec, request, response);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return binding().step().negotiatedSubprotocol(requested);
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return List.of();
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        // Decided in modifyHandshake, where a refusal can carry a status and a reason everywhere.
        return true;
    }

    /**
     * In a container, wsjwt creates the instance through CDI (injection, {@code @PostConstruct}
     * and {@code @PreDestroy} as usual) with an interceptor on its {@code @OnOpen} and
     * {@code @OnClose}: the one portable way to see the connection's {@code Session}. Wrapping the
     * runtime's own instance instead leaks it on Payara, whose CDI provider then never finds it to
     * destroy (docs/services.md).
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        Optional<EndpointFactory> instances = binding().instances();
        return instances.isPresent() ? instances.get().create(endpointClass) : super.getEndpointInstance(endpointClass);
    }

    private Binding binding() {
        Binding bound = binding;
        if (bound == null) {
            bound = ContainerBindings.lookup().orElseThrow(() -> new IllegalStateException(
                    "wsjwt: " + getClass().getName() + " is not bound to a wsjwt: in a container the application's "
                            + "wsjwt comes from CDI; standalone, register the endpoint with StandaloneApp's annotated(...)"));
            binding = bound;
        }
        return bound;
    }

    /** The container's lookup, kept apart so that the standalone server never loads CDI classes. */
    static final class ContainerBindings {
        static Optional<Binding> lookup() {
            try {
                return dev.wsjwt.container.ApplicationWsjwt.current()
                        .map(app -> Binding.of(app.wsjwt(), RuntimeHooks.PORTABLE, Optional.of(app.endpoints())));
            } catch (LinkageError e) {
                return Optional.empty();
            }
        }
    }
}
