package dev.wsjwt.handshake;

import dev.wsjwt.config.HandshakeRefusal;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.websocket.Extension;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Authenticates every upgrade in {@code modifyHandshake}: extract, verify, decide, and store the
 * decision (and the principal) in this connection's own user properties, never in the shared
 * endpoint configuration. Refuses with HTTP where the runtime allows it.
 */
public final class AuthenticatingConfigurator extends ServerEndpointConfig.Configurator {

    private final HandshakeAuthenticator authenticator;
    private final RuntimeHooks hooks;
    private final Supplier<?> endpoints;
    private final TokenExtractor extractor;

    public AuthenticatingConfigurator(HandshakeAuthenticator authenticator, RuntimeHooks hooks, Supplier<?> endpoints) {
        this.authenticator = authenticator;
        this.hooks = hooks;
        this.endpoints = endpoints;
        this.extractor = new TokenExtractor(authenticator.settings());
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        UpgradeRequest upgrade = view(request);
        HandshakeDecision decision = authenticatedBefore(request, upgrade).orElseGet(() -> authenticator.decide(upgrade));
        ConnectionKeys.store(sec.getUserProperties(), decision);
        if (decision instanceof HandshakeDecision.Refused refused
                && authenticator.settings().refusal() == HandshakeRefusal.HTTP) {
            hooks.refuse(refused, response);
        }
    }

    /** A servlet filter in front of the upgrade already verified this request's token. */
    private Optional<HandshakeDecision> authenticatedBefore(HandshakeRequest request, UpgradeRequest upgrade) {
        if (request.getUserPrincipal() instanceof JwtPrincipal principal
                && extractor.extract(upgrade) instanceof TokenExtractor.Extraction.Found found) {
            return Optional.of(HandshakeDecision.accept(principal, found.transport()));
        }
        return Optional.empty();
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        // Select the application protocol only; a bearer.<token> entry is never echoed.
        String protocol = authenticator.settings().subprotocol();
        for (String offered : requested) {
            for (String part : offered.split(",")) {
                if (part.trim().equals(protocol)) {
                    return protocol;
                }
            }
        }
        return "";
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

    private UpgradeRequest view(HandshakeRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        Optional<String> query = Optional.ofNullable(request.getQueryString())
                .or(() -> Optional.ofNullable(request.getRequestURI()).map(uri -> uri.getRawQuery()));
        String remote = hooks.remoteAddress(request);
        return new UpgradeRequest() {
            @Override
            public List<String> headers(String name) {
                List<String> values = headers.get(name);
                return values == null ? List.of() : values;
            }

            @Override
            public Optional<String> rawQuery() {
                return query;
            }

            @Override
            public String remoteAddress() {
                return remote;
            }
        };
    }
}
