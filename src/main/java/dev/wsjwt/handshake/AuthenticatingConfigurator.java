package dev.wsjwt.handshake;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configurator of wsjwt's message endpoints: the {@link HandshakeStep}, and one dispatching
 * endpoint instance per connection from {@code endpoints}.
 */
public final class AuthenticatingConfigurator extends ServerEndpointConfig.Configurator {

    private final HandshakeStep step;
    private final Supplier<?> endpoints;

    public AuthenticatingConfigurator(HandshakeAuthenticator authenticator, RuntimeHooks hooks, Supplier<?> endpoints) {
        this.step = new HandshakeStep(authenticator, hooks, true);
        this.endpoints = endpoints;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        step.modifyHandshake(sec, request, response);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return step.negotiatedSubprotocol(requested);
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

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoints.get());
    }
}
