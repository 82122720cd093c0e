package dev.wsjwt.web;

import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.cluster.SharedStore;
import dev.wsjwt.handshake.RefusalLog;
import dev.wsjwt.session.SessionManager;
import dev.wsjwt.token.LogoutToken;
import dev.wsjwt.token.LogoutTokenVerifier;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code POST <root>/oidc/backchannel-logout}: OpenID Connect Back-Channel Logout 1.0. A valid
 * logout token, never seen before ({@code jti}, remembered across nodes for longer than any
 * logout token is accepted), ends the sessions it names: {@code 200}. Anything else: {@code 400}
 * with an error naming the failed check, and nothing closed.
 */
public final class LogoutEndpoint {

    public static final String PATH = "/oidc/backchannel-logout";
    static final long MAX_BODY = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(LogoutEndpoint.class.getName());

    private final LogoutTokenVerifier verifier;
    private final SharedStore seen;
    private final SessionManager sessions;
    /** Logout posts are rare: 20 a second (burst 100) for the whole endpoint bounds the work a flood causes. */
    private final RateLimit rate = new RateLimit(20, 100, 1);

    private final RefusalLog refusals;

    /** @param refusals where refused logout tokens are logged: rate-limited per reason, like refused upgrades */
    public LogoutEndpoint(LogoutTokenVerifier verifier, SharedStore seen, SessionManager sessions, RefusalLog refusals) {
        this.refusals = refusals;
        this.verifier = verifier;
        this.seen = seen;
        this.sessions = sessions;
    }

    public WebResponse handle(WebRequest request) {
        if (!"POST".equals(request.method())) {
            return WebResponse.error(405, "invalid_request", "use POST", Map.of("Allow", "POST"));
        }
        if (request.contentLength() > MAX_BODY) {
            return WebResponse.error(413, "invalid_request", "body too large", Map.of());
        }
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return invalid("expected application/x-www-form-urlencoded");
        }
        if (!rate.tryAcquire("*")) {
            return WebResponse.error(429, "rate_limited", "too many logout requests", Map.of("Retry-After", "1"));
        }
        List<String> tokens = request.parameters("logout_token");
        if (tokens.size() != 1) {
            return invalid(tokens.isEmpty() ? "missing logout_token" : "more than one logout_token");
        }
        LogoutToken token;
        try {
            token = verifier.verify(tokens.get(0));
        } catch (LogoutTokenVerifier.RejectedException e) {
            return invalid(e.getMessage());
        }
        try {
            SharedStore.Put put = seen.putIfAbsent("logout-jti:" + digest(token.issuer() + "\n" + token.jti()), "1",
                    verifier.replayWindow());
            if (put == SharedStore.Put.PRESENT) {
                return invalid("replayed (jti already used)");
            }
            if (put == SharedStore.Put.FULL) {
                return WebResponse.error(503, "temporarily_unavailable", "too many logout tokens", Map.of("Retry-After", "1"));
            }
            int closed = sessions.logout(token.sid(), token.subject());
            LOG.log(Level.INFO, "back-channel logout ({0}): {1} session(s) closed here",
                    token.sid().isPresent() ? "sid" : "sub", String.valueOf(closed));
        } catch (ClusterUnavailableException e) {
            LOG.log(Level.WARNING, "back-channel logout not shared with other nodes: {0}", e.getMessage());
            return WebResponse.error(503, "temporarily_unavailable", "logout could not be shared with every node",
                    Map.of("Retry-After", "1"));
        }
        return WebResponse.empty(200, Map.of());
    }

    private WebResponse invalid(String check) {
        refusals.refused("back-channel logout", "refused", check);
        return WebResponse.error(400, "invalid_request", check, Map.of());
    }

    private static String digest(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
