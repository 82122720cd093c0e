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

/**
 * Refuses an upgrade with 401/403 before the WebSocket runtime sees it: the one portable way to
 * answer with a status, since {@code modifyHandshake} cannot (measured on Payara and WildFly).
 * An accepted request continues with the verified principal as its user principal, which the
 * configurator takes up instead of verifying the token a second time, and which
 * {@code Session.getUserPrincipal()} then returns.
 */
final class HandshakeFilter extends HttpFilter {

    private final HandshakeAuthenticator authenticator;

    HandshakeFilter(HandshakeAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!ServletUpgradeRequest.isWebSocketUpgrade(request)) {
            chain.doFilter(request, response);
            return;
        }
        HandshakeDecision decision = authenticator.decide(new ServletUpgradeRequest(request));
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
