package dev.wsjwt.container;

import dev.wsjwt.handshake.HandshakeAuthenticator;
import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;

/**
 * Refuses an upgrade with 401/403 before the WebSocket runtime sees it: the one portable way to
 * answer with a status, since {@code modifyHandshake} cannot (measured on Payara and WildFly).
 * An accepted request continues with the verified principal as its user principal, which the
 * configurator takes up instead of verifying the token a second time, and which
 * {@code Session.getUserPrincipal()} then returns.
 */
final class HandshakeFilter extends HttpFilter {

    private final HandshakeAuthenticator authenticator;
    private final List<PathTemplate> inBand;
    private final List<PathTemplate> atUpgradeOnly;

    /**
     * @param inBand        message endpoints: an upgrade without a token may authenticate in-band
     * @param atUpgradeOnly annotated endpoints: an upgrade without a token is refused
     */
    HandshakeFilter(HandshakeAuthenticator authenticator, List<PathTemplate> inBand, List<PathTemplate> atUpgradeOnly) {
        this.authenticator = authenticator;
        this.inBand = List.copyOf(inBand);
        this.atUpgradeOnly = List.copyOf(atUpgradeOnly);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!ServletUpgradeRequest.isWebSocketUpgrade(request)) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean messages = inBand.stream().anyMatch(template -> template.matches(path));
        if (!messages && atUpgradeOnly.stream().noneMatch(template -> template.matches(path))) {
            chain.doFilter(request, response); // another endpoint under the same prefix
            return;
        }
        HandshakeDecision decision = authenticator.decideBeforeUpgrade(new ServletUpgradeRequest(request), messages);
        if (decision instanceof HandshakeDecision.Refused refused) {
            response.setStatus(refused.status());
            response.setHeader("WWW-Authenticate", refused.wwwAuthenticate());
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
            return;
        }
        if (decision instanceof HandshakeDecision.Accepted accepted) {
            chain.doFilter(new AuthenticatedRequest(request, accepted.principal()), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final JwtPrincipal principal;

        AuthenticatedRequest(HttpServletRequest request, JwtPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getAuthType() {
            return "MP-JWT";
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.getGroups().contains(role);
        }
    }
}
