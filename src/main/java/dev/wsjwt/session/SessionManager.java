package dev.wsjwt.session;

import dev.wsjwt.cluster.ClusterBus;
import dev.wsjwt.cluster.ClusterEvent;
import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.config.SessionSettings;
import dev.wsjwt.handshake.ConnectionKeys;
import dev.wsjwt.handshake.HandshakeAuthenticator;
import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.ops.Observer;
import dev.wsjwt.token.TokenHeader;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.TokenRejectedException;
import dev.wsjwt.token.TokenVerifier;
import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every connection in step with its token: opens it from the handshake decision, warns
 * before {@code exp}, closes at {@code exp} plus the clock skew, re-authenticates in-band, and
 * cuts a subject off on revocation. Thread-safe.
 */
public final class SessionManager {

    private static final System.Logger LOG = System.getLogger(SessionManager.class.getName());

    /** Outcome of an in-band {@code auth}: the new expiry, or the close that was issued. */
    public sealed interface AuthResult {
        record Authenticated(JwtPrincipal principal) implements AuthResult {
        }

        record Closed(int code, String reason) implements AuthResult {
        }
    }

    private final SessionSettings settings;
    private final TokenVerifier verifier;
    private final HandshakeAuthenticator authenticator;
    private final ConnectionRegistry registry;
    private final RevocationList revocations;
    private final LifetimeScheduler scheduler;
    private final ClusterBus cluster;
    private final Clock clock;
    private final PushFrames frames;
    private final Observer observer;

    public SessionManager(SessionSettings settings, TokenVerifier verifier, HandshakeAuthenticator authenticator,
                          ConnectionRegistry registry, RevocationList revocations, LifetimeScheduler scheduler,
                          ClusterBus cluster, Clock clock, PushFrames frames) {
        this(settings, verifier, authenticator, registry, revocations, scheduler, cluster, clock, frames, Observer.NONE);
    }

    /** @param observer told of closed sessions, warnings, renewals, revocations, kicks and logouts */
    public SessionManager(SessionSettings settings, TokenVerifier verifier, HandshakeAuthenticator authenticator,
                          ConnectionRegistry registry, RevocationList revocations, LifetimeScheduler scheduler,
                          ClusterBus cluster, Clock clock, PushFrames frames, Observer observer) {
        this.frames = frames;
        this.observer = observer;
        this.settings = settings;
        this.verifier = verifier;
        this.authenticator = authenticator;
        this.registry = registry;
        this.revocations = revocations;
        this.scheduler = scheduler;
        this.cluster = cluster;
        this.clock = clock;
        cluster.subscribe(this::onClusterEvent);
    }

    private void onClusterEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.Kick kick) {
            int closed = closeLocally(kick.subject(), kick.code(), kick.reason());
            observer.kick(kick.subject(), kick.code(), closed, false);
        } else if (event instanceof ClusterEvent.Revocation revocation) {
            revocations.revoke(revocation.subject(), revocation.notAfter());
            int closed = closeLocally(revocation.subject(), CloseCodes.UNAUTHORIZED, "session revoked");
            observer.revocation(revocation.subject(), closed, false);
        } else if (event instanceof ClusterEvent.Logout logout) {
            observer.logout(logOutLocally(logout), false);
        }
    }

    public ConnectionRegistry registry() {
        return registry;
    }

    public SessionSettings settings() {
        return settings;
    }

    /**
     * Opens a connection from its handshake decision. A refusal that could not be sent as an HTTP
     * status is sent now as a close, before any message is read; the result is then empty.
     */
    public Optional<Connection> open(Session session, HandshakeDecision decision) {
        if (decision == null) {
            // Never reached through the configurator; deny rather than serve an unknown caller.
            closeNow(session, CloseCodes.UNAUTHORIZED, "missing token");
            return Optional.empty();
        }
        if (decision instanceof HandshakeDecision.Refused refused) {
            closeNow(session, refused.closeCode(), refused.description());
            return Optional.empty();
        }
        return Optional.of(openAccepted(session, decision, true));
    }

    /**
     * Opens a connection of a user's annotated endpoint: authenticated at the upgrade (it has no
     * in-band {@code auth}), its message size limits left as the endpoint declares them. A
     * refusal that could not be sent as an HTTP status is sent now as a close.
     */
    public Optional<Connection> openAnnotated(Session session) {
        if (session.getUserProperties().get(ConnectionKeys.CONNECTION) instanceof Connection known) {
            return Optional.of(known);
        }
        HandshakeDecision decision = ConnectionKeys.decision(session.getUserProperties()).orElse(null);
        if (!(decision instanceof HandshakeDecision.Accepted)) {
            HandshakeDecision.Refused refused = decision instanceof HandshakeDecision.Refused r ? r : null;
            closeNow(session, refused == null ? CloseCodes.UNAUTHORIZED : refused.closeCode(),
                    refused == null ? "missing token" : refused.description());
            return Optional.empty();
        }
        Connection connection = openAccepted(session, decision, false);
        session.getUserProperties().put(ConnectionKeys.CONNECTION, connection);
        return Optional.of(connection);
    }

    /** An annotated endpoint's session closed (or was found closed): forget it. */
    public void closedAnnotated(Session session, CloseReason reason) {
        if (session.getUserProperties().get(ConnectionKeys.CONNECTION) instanceof Connection connection) {
            closed(connection, reason);
        }
    }

    private Connection openAccepted(Session session, HandshakeDecision decision, boolean limits) {
        if (limits) {
            session.setMaxTextMessageBufferSize(settings.maxMessageBytes());
            session.setMaxBinaryMessageBufferSize(settings.maxMessageBytes());
        }
        Connection connection = new Connection(session, new RateLimiter(settings.ratePerSecond(),
                settings.rateBurst(), settings.rateMaxViolations(), System.nanoTime()), frames);
        registry.add(connection);
        if (decision instanceof HandshakeDecision.Accepted accepted) {
            establish(connection, accepted.principal());
        } else {
            connection.replaceTimer(scheduler.schedule(settings.authTimeout(), () -> {
                if (!connection.isAuthenticated()) {
                    connection.close(CloseCodes.AUTH_TIMEOUT, "no auth message within "
                            + settings.authTimeout().toSeconds() + "s");
                }
            }));
        }
        return connection;
    }

    /**
     * The runtime reported the close: forget the connection and its timers.
     *
     * @param reason as the runtime reported it; null when it did not say ({@code 1005})
     */
    public void closed(Connection connection, CloseReason reason) {
        connection.markClosed();
        if (registry.remove(connection)) {
            observer.sessionClosed(new Observer.SessionEnd(
                    reason == null ? NO_STATUS : reason.getCloseCode().getCode(),
                    reason == null ? "" : reason.getReasonPhrase(),
                    connection.principal()));
        }
    }

    /** "No status received": a close the runtime did not describe. */
    private static final int NO_STATUS = 1005;

    /**
     * First-message authentication or re-authentication. Any failure closes the connection
     * with 4401 (4403 for a missing connect permission), as the contract says.
     */
    public AuthResult authenticate(Connection connection, String token) {
        Optional<JwtPrincipal> current = connection.principal();
        JwtPrincipal next;
        try {
            next = verifier.verify(token);
        } catch (TokenRejectedException e) {
            HandshakeDecision.Refused refused = HandshakeDecision.unauthorized(e.reason(), e.getMessage());
            if (current.isEmpty()) {
                authenticator.inBandOutcome(refused, ConnectionKeys.remoteAddress(connection.session().getUserProperties()), TokenHeader.kid(token));
            }
            return closeWith(connection, CloseCodes.UNAUTHORIZED, e.getMessage());
        }
        if (current.isPresent() && !current.get().getSubject().equals(next.getSubject())) {
            return closeWith(connection, CloseCodes.UNAUTHORIZED, "re-authentication with another subject");
        }
        Optional<HandshakeDecision> forbidden = authenticator.checkConnectPermission(next);
        if (forbidden.isPresent()) {
            HandshakeDecision.Refused refused = (HandshakeDecision.Refused) forbidden.get();
            if (current.isEmpty()) {
                authenticator.inBandOutcome(refused, ConnectionKeys.remoteAddress(connection.session().getUserProperties()), TokenHeader.kid(token));
            }
            return closeWith(connection, refused.closeCode(), refused.description());
        }
        establish(connection, next);
        if (current.isEmpty()) {
            authenticator.inBandOutcome(HandshakeDecision.accept(next, dev.wsjwt.config.Transport.MESSAGE),
                    ConnectionKeys.remoteAddress(connection.session().getUserProperties()), Optional.empty());
        } else {
            observer.renewal();
        }
        return new AuthResult.Authenticated(next);
    }

    /**
     * Closes every session of the subject with 4401 and refuses its tokens issued until now, on
     * this node at once and on every node through the cluster. Throws when the revocation could
     * not be stored cluster-wide: it then holds on this node only, and the caller must say so.
     */
    public int revoke(String subject) throws ClusterUnavailableException {
        Instant now = clock.instant();
        revocations.revoke(subject, now);
        int closed = closeLocally(subject, CloseCodes.UNAUTHORIZED, "session revoked");
        observer.revocation(subject, closed, true);
        cluster.revoke(new ClusterEvent.Revocation(subject, now));
        return closed;
    }

    /**
     * Back-channel logout: closes with 4401 "logged out" the sessions whose token carries the
     * logout token's {@code sid} (with no sid: every session of its {@code sub}), and refuses
     * those tokens from now on, on this node at once and on every node through the cluster.
     * Throws when it could not be stored cluster-wide; it then holds on this node only.
     */
    public int logout(Optional<String> sid, Optional<String> subject) throws ClusterUnavailableException {
        ClusterEvent.Logout logout = new ClusterEvent.Logout(sid, sid.isPresent() ? Optional.empty() : subject, clock.instant());
        int closed = logOutLocally(logout);
        observer.logout(closed, true);
        cluster.logout(logout);
        return closed;
    }

    private int logOutLocally(ClusterEvent.Logout logout) {
        if (logout.sid().isPresent()) {
            revocations.logOut(logout.sid().get(), logout.at());
            List<Connection> connections = registry.bySessionId(logout.sid().get());
            connections.forEach(connection -> connection.close(CloseCodes.UNAUTHORIZED, LOGGED_OUT));
            return connections.size();
        }
        revocations.revoke(logout.subject().orElseThrow(), logout.at());
        return closeLocally(logout.subject().orElseThrow(), CloseCodes.UNAUTHORIZED, LOGGED_OUT);
    }

    private static final String LOGGED_OUT = "logged out";

    /** Closes every session of the subject with the given code, on every node. */
    public int closeSubject(String subject, int code, String reason) {
        cluster.publish(new ClusterEvent.Kick(subject, code, reason));
        int closed = closeLocally(subject, code, reason);
        observer.kick(subject, code, closed, true);
        return closed;
    }

    private int closeLocally(String subject, int code, String reason) {
        List<Connection> connections = registry.bySubject(subject);
        for (Connection connection : connections) {
            connection.close(code, reason);
        }
        return connections.size();
    }

    private void establish(Connection connection, JwtPrincipal principal) {
        boolean first = !connection.isAuthenticated();
        connection.setPrincipal(principal);
        if (first && !registry.indexSubject(connection, principal.getSubject())) {
            return; // closed while the token was verified: nothing to index or schedule
        }
        scheduleLifetime(connection, principal);
    }

    private void scheduleLifetime(Connection connection, JwtPrincipal principal) {
        Instant now = clock.instant();
        Instant exp = principal.expiresAt();
        Duration remaining = Duration.between(now, exp);
        // Warn ahead by the configured lead, but never earlier than half the token's remaining
        // life: a token shorter than the lead would otherwise be renewed in a tight loop.
        Duration lead = settings.expiryWarning().compareTo(remaining.dividedBy(2)) < 0
                ? settings.expiryWarning() : remaining.dividedBy(2);
        Runnable expire = () -> {
            if (connection.principal().orElse(null) == principal) {
                connection.close(CloseCodes.UNAUTHORIZED, "token expired");
            }
        };
        Duration untilClose = remaining.plus(settings.clockSkew());
        if (lead.isZero() || lead.isNegative()) {
            connection.replaceTimer(scheduler.schedule(untilClose, expire));
            return;
        }
        // One timer per connection at a time: the warning, which then schedules the close (lead +
        // skew after it, the same instant as exp + skew), instead of both pending from the start.
        Duration afterWarning = lead.plus(settings.clockSkew());
        Runnable warn = () -> {
            if (connection.principal().orElse(null) == principal) {
                observer.expiryWarning();
                long in = Math.max(0, Duration.between(clock.instant(), exp).toSeconds());
                connection.sendFrame(Json.createObjectBuilder().add("type", "auth.expiring")
                        .add("payload", Json.createObjectBuilder().add("exp", exp.getEpochSecond()).add("in", in))
                        .build().toString());
                connection.followTimer(principal, () -> scheduler.schedule(afterWarning, expire));
            }
        };
        connection.replaceTimer(scheduler.schedule(remaining.minus(lead), warn));
    }

    private AuthResult closeWith(Connection connection, int code, String reason) {
        connection.close(code, reason);
        return new AuthResult.Closed(code, reason);
    }

    private static void closeNow(Session session, int code, String reason) {
        try {
            session.close(CloseCodes.reason(code, reason));
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "close failed: {0}", e.toString());
        }
    }
}
