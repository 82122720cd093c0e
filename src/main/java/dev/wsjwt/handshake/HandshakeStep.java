package dev.wsjwt.handshake;

import dev.wsjwt.config.HandshakeRefusal;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every wsjwt configurator does at the upgrade: extract, verify, decide, and store the
 * decision (and the principal) in this connection's own user properties, never in the shared
 * endpoint configuration; refuse with HTTP where the runtime allows it. Shared by the message
 * endpoints' configurator and the public {@code WsjwtConfigurator}.
 */
public final class HandshakeStep {

    private final HandshakeAuthenticator authenticator;
    private final RuntimeHooks hooks;
    private final TokenExtractor extractor;
    private final boolean inBand;

    /** @param inBand whether the endpoint authenticates in-band when the upgrade carries no token */
    public HandshakeStep(HandshakeAuthenticator authenticator, RuntimeHooks hooks, boolean inBand) {
        this.authenticator = authenticator;
        this.hooks = hooks;
        this.inBand = inBand;
        this.extractor = new TokenExtractor(authenticator.settings());
    }

    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        UpgradeRequest upgrade = view(request);
        HandshakeDecision decision = authenticatedBefore(request, upgrade)
                .orElseGet(() -> authenticator.decide(upgrade, inBand));
        ConnectionKeys.store(sec.getUserProperties(), decision, upgrade.remoteAddress());
        if (decision instanceof HandshakeDecision.Accepted accepted) {
            hooks.authenticated(request, accepted.principal());
        } else if (decision instanceof HandshakeDecision.Refused refused
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

    /** Selects the application protocol only; a {@code bearer.<token>} entry is never echoed. */
    public String negotiatedSubprotocol(List<String> requested) {
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
