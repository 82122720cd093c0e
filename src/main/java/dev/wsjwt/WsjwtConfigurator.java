package dev.wsjwt;

import dev.wsjwt.handshake.HandshakeStep;
import dev.wsjwt.handshake.RuntimeHooks;
import dev.wsjwt.session.SessionManager;
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
 * <p>The runtime creates the endpoint instance as it always does (CDI injection keeps working).
 * Which wsjwt it belongs to is found when the first upgrade arrives: the application's, from CDI,
 * in a container; the server's own, standalone.
 */
public class WsjwtConfigurator extends ServerEndpointConfig.Configurator {

    /** What a configurator works with: one per deployment. */
    record Binding(HandshakeStep step, SessionManager sessions) {
        static Binding of(Wsjwt wsjwt, RuntimeHooks hooks) {
            return new Binding(new HandshakeStep(wsjwt.authenticator(), hooks, false), wsjwt.sessionManager());
        }
    }

    // Set only while a standalone server deploys an annotated endpoint, on the deploying thread:
    // Tyrus creates the configurator reflectively, with no way to hand it the server's wsjwt.
    static final ThreadLocal<Binding> DEPLOYING = new ThreadLocal<>();

    private volatile Binding binding;

    public WsjwtConfigurator() {
        this.binding = DEPLOYING.get();
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

    /** The session manager of this endpoint's wsjwt, for tracking its sessions. */
    SessionManager sessions() {
        return binding().sessions();
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
                return dev.wsjwt.container.ApplicationWsjwt.current().map(wsjwt -> Binding.of(wsjwt, RuntimeHooks.PORTABLE));
            } catch (LinkageError e) {
                return Optional.empty();
            }
        }
    }
}
