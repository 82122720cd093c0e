package dev.wsjwt.ops;

import dev.wsjwt.token.JwtPrincipal;
import java.util.List;
import java.util.Optional;

/**
 * What the rest of wsjwt tells operations. Every argument an implementation may turn into a metric
 * attribute comes from a closed set (an enum, a registered message type or {@code other}, a known
 * close code or {@code other}): no client can create a new time series. Implementations must be
 * cheap and must not throw: they run on the I/O threads. Default methods do nothing.
 */
public interface Observer {

    Observer NONE = new Observer() {
    };

    /** Upgrade authenticated at the upgrade ({@code transport} from {@code Transport.configName()}), or in-band. */
    default void upgradeAccepted(String transport) {
    }

    /** Upgrade left to authenticate in-band with a first {@code auth} message. */
    default void upgradeAwaitingAuth() {
    }

    /** Upgrade (or in-band authentication) refused. */
    default void upgradeRefused(Refusal refusal) {
    }

    /** A session of a wsjwt endpoint ended with this close code. */
    default void sessionClosed(SessionEnd end) {
    }

    /** A message answered: its registered type (or {@code other}), how, and the handler's time. */
    default void message(String type, MessageOutcome outcome, long handlerNanos) {
    }

    default void expiryWarning() {
    }

    /** A session re-authenticated in-band with a fresh token. */
    default void renewal() {
    }

    /** A subject revoked on this node ({@code session.revoke}, or from another node). */
    default void revocation(String subject, int sessionsClosed, boolean local) {
    }

    /** A subject's sessions closed on request ({@code chat.kick}, {@code WebSocketSessions.close}). */
    default void kick(String subject, int code, int sessionsClosed, boolean local) {
    }

    /** A back-channel logout applied on this node. */
    default void logout(int sessionsClosed, boolean local) {
    }

    /** A key set fetch from the identity provider. */
    default void jwksFetch(boolean ok) {
    }

    /** A cluster event sent, received from another node, or lost (Redis unreachable, undecodable). */
    default void clusterEvent(ClusterOutcome outcome) {
    }

    /** Several observers as one. */
    static Observer all(List<Observer> observers) {
        List<Observer> active = observers.stream().filter(o -> o != NONE).toList();
        if (active.isEmpty()) {
            return NONE;
        }
        return active.size() == 1 ? active.get(0) : new Observers(active);
    }

    /** Cluster bus outcomes. */
    enum ClusterOutcome { PUBLISHED, RECEIVED, DROPPED }

    /**
     * A refused upgrade: {@code reason} from {@code RejectionReason} (lower case) or
     * {@code origin_not_allowed} / {@code missing_permission}; {@code transport} a transport's
     * name or {@code none}; {@code kid} as the token's header names it, already made safe.
     */
    record Refusal(String reason, String transport, int status, String remoteAddress, Optional<String> kid) {
    }

    /** A closed session: its code, reason, and its principal when it had authenticated. */
    record SessionEnd(int code, String reason, Optional<JwtPrincipal> principal) {
    }
}
