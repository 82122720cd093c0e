package dev.wsjwt.web;

import dev.wsjwt.config.HandshakeSettings;
import dev.wsjwt.handshake.HandshakeAuthenticator;
import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.TokenRejectedException;
import dev.wsjwt.token.TokenVerifier;
import jakarta.json.Json;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST <root>/wsjwt/ticket} with {@code Authorization: Bearer <access token>}: a one-time
 * connection ticket, {@code {"ticket","expires_in"}}. Cross-origin callers only when
 * {@code wsjwt.origins} allows their origin (preflight answered); rate-limited per subject.
 */
public final class TicketEndpoint {

    public static final String PATH = "/wsjwt/ticket";
    private static final System.Logger LOG = System.getLogger(TicketEndpoint.class.getName());

    private final HandshakeSettings settings;
    private final TokenVerifier verifier;
    private final HandshakeAuthenticator authenticator;
    private final Tickets tickets;
    private final RateLimit perSubject = new RateLimit(1, 10, 10_000);

    public TicketEndpoint(HandshakeSettings settings, TokenVerifier verifier, HandshakeAuthenticator authenticator,
                          Tickets tickets) {
        this.settings = settings;
        this.verifier = verifier;
        this.authenticator = authenticator;
        this.tickets = tickets;
    }

    public WebResponse handle(WebRequest request) {
        List<String> origins = request.headers("Origin");
        Optional<String> origin = origins.size() == 1 ? Optional.of(origins.get(0).trim()) : Optional.empty();
        if (origins.size() > 1 || origin.isPresent() && !originAllowed(origin.get(), request.header("Host"))) {
            return WebResponse.error(403, "invalid_request", "origin not allowed", Map.of("Vary", "Origin"));
        }
        Map<String, String> cors = cors(origin);
        if ("OPTIONS".equals(request.method())) {
            Map<String, String> preflight = new LinkedHashMap<>(cors);
            preflight.put("Access-Control-Allow-Methods", "POST");
            preflight.put("Access-Control-Allow-Headers", "Authorization");
            preflight.put("Access-Control-Max-Age", "600");
            return WebResponse.empty(204, preflight);
        }
        if (!"POST".equals(request.method())) {
            return WebResponse.error(405, "invalid_request", "use POST", Map.of("Allow", "POST, OPTIONS")).with(cors);
        }
        return issue(request, origin).with(cors);
    }

    private WebResponse issue(WebRequest request, Optional<String> origin) {
        List<String> authorization = request.headers("Authorization");
        String value = authorization.size() == 1 ? authorization.get(0).trim() : "";
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7) || value.substring(7).isBlank()) {
            return unauthorized("missing token (send Authorization: Bearer <access token>)");
        }
        JwtPrincipal principal;
        try {
            principal = verifier.verify(value.substring(7).trim());
        } catch (TokenRejectedException e) {
            return unauthorized(e.getMessage());
        }
        Optional<HandshakeDecision> forbidden = authenticator.checkConnectPermission(principal);
        if (forbidden.isPresent() && forbidden.get() instanceof HandshakeDecision.Refused refused) {
            return WebResponse.error(403, refused.error(), refused.description(),
                    Map.of("WWW-Authenticate", refused.wwwAuthenticate()));
        }
        if (!perSubject.tryAcquire(principal.getSubject())) {
            return WebResponse.error(429, "rate_limited", "too many ticket requests", Map.of("Retry-After", "1"));
        }
        try {
            Tickets.Issued issued = tickets.issue(principal, origin);
            return new WebResponse(200, Map.of(), Json.createObjectBuilder().add("ticket", issued.ticket())
                    .add("expires_in", issued.expiresIn()).build().toString());
        } catch (Tickets.UnavailableException e) {
            LOG.log(Level.WARNING, "ticket not issued: {0}", e.getMessage());
            return WebResponse.error(503, "temporarily_unavailable", e.getMessage(), Map.of("Retry-After", "1"));
        }
    }

    private static WebResponse unauthorized(String description) {
        HandshakeDecision.Refused refused = HandshakeDecision.unauthorized(null, description);
        return WebResponse.error(401, "invalid_token", refused.description(),
                Map.of("WWW-Authenticate", refused.wwwAuthenticate()));
    }

    /** Same origin (the page served by this host), or one {@code wsjwt.origins} allows. */
    private boolean originAllowed(String origin, String host) {
        if (settings.anyOrigin() || settings.origins().contains(origin)) {
            return true;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> cors(Optional<String> origin) {
        return origin.map(o -> Map.of("Access-Control-Allow-Origin", o, "Vary", "Origin")).orElse(Map.of());
    }
}
