package dev.wsjwt;

import dev.wsjwt.cluster.ClusterUnavailableException;
import java.util.Collection;

/**
 * What services do to sessions besides answering: push, group, kick, revoke. Every push checks
 * each recipient's <em>current</em> principal at send time, so a session that re-authenticated
 * without the permission receives nothing. Pushes and closes by subject or group reach every node
 * when wsjwt runs clustered ({@code wsjwt.cluster.redis}); counts are this node's.
 *
 * <p>In a container, inject it ({@code @Inject WebSocketSessions sessions}); standalone, take it
 * from the server. Thread-safe.
 */
public interface WebSocketSessions {

    /**
     * Pushes {@code {"type","payload"}} to every session of {@code subject} that holds
     * {@code permission} (null: every session of the subject).
     *
     * @return the sessions of this node it was queued to
     */
    int pushToSubject(String subject, String type, Object payload, String permission);

    /** Pushes to each of {@code connections} that is open and holds {@code permission} (null: all). */
    int push(Collection<? extends WebSocketConnection> connections, String type, Object payload, String permission);

    /** Adds the connection to a named group; it leaves every group when it closes. */
    void join(String group, WebSocketConnection connection);

    void leave(String group, WebSocketConnection connection);

    /** Pushes to the group's members that hold {@code permission} (null: all), on every node. */
    int pushToGroup(String group, String type, Object payload, String permission);

    /** Closes every session of {@code subject} with {@code code} (4000-4999) and reason, on every node. */
    int close(String subject, int code, String reason);

    /**
     * Closes every session of {@code subject} with 4401 and refuses its tokens issued until now,
     * on every node.
     *
     * @throws ClusterUnavailableException when the revocation holds on this node only (the
     *                                     cluster could not store it): tell the caller to retry
     */
    int revoke(String subject) throws ClusterUnavailableException;
}
