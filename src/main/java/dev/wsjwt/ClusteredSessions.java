package dev.wsjwt;

import dev.wsjwt.cluster.ClusterBus;
import dev.wsjwt.cluster.ClusterEvent;
import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.session.Connection;
import dev.wsjwt.session.Groups;
import dev.wsjwt.session.PushFrames;
import dev.wsjwt.session.SessionManager;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link WebSocketSessions} over this node's registry and groups and the cluster bus: a push by
 * group or subject is delivered here at once and published for the other nodes, which deliver it
 * to theirs (the bus never echoes a node's own events back to it).
 */
final class ClusteredSessions implements WebSocketSessions {

    private final SessionManager sessions;
    private final Groups groups;
    private final ClusterBus cluster;
    private final PushFrames frames;

    ClusteredSessions(SessionManager sessions, Groups groups, ClusterBus cluster, PushFrames frames) {
        this.sessions = sessions;
        this.groups = groups;
        this.cluster = cluster;
        this.frames = frames;
        cluster.subscribe(event -> {
            if (event instanceof ClusterEvent.GroupPush push) {
                deliver(groups.members(push.group()), push.permission(), push.frame());
            } else if (event instanceof ClusterEvent.SubjectPush push) {
                deliver(sessions.registry().bySubject(push.subject()), push.permission(), push.frame());
            }
        });
    }

    @Override
    public int pushToSubject(String subject, String type, Object payload, String permission) {
        Objects.requireNonNull(subject, "subject");
        String frame = frames.push(type, payload);
        int delivered = deliver(sessions.registry().bySubject(subject), Optional.ofNullable(permission), frame);
        cluster.publish(new ClusterEvent.SubjectPush(subject, Optional.ofNullable(permission), frame));
        return delivered;
    }

    @Override
    public int push(Collection<? extends WebSocketConnection> connections, String type, Object payload, String permission) {
        String frame = frames.push(type, payload);
        int delivered = 0;
        for (WebSocketConnection connection : connections) {
            if (connection instanceof Connection live && mayReceive(live, Optional.ofNullable(permission)) && live.sendFrame(frame)) {
                delivered++;
            }
        }
        return delivered;
    }

    @Override
    public void join(String group, WebSocketConnection connection) {
        groups.join(Objects.requireNonNull(group, "group"), live(connection));
    }

    @Override
    public void leave(String group, WebSocketConnection connection) {
        groups.leave(Objects.requireNonNull(group, "group"), live(connection));
    }

    @Override
    public int pushToGroup(String group, String type, Object payload, String permission) {
        Objects.requireNonNull(group, "group");
        String frame = frames.push(type, payload);
        int delivered = deliver(groups.members(group), Optional.ofNullable(permission), frame);
        cluster.publish(new ClusterEvent.GroupPush(group, Optional.ofNullable(permission), frame));
        return delivered;
    }

    @Override
    public int close(String subject, int code, String reason) {
        if (code < 4000 || code > 4999) {
            throw new IllegalArgumentException("close code " + code + " is outside the application range 4000-4999");
        }
        return sessions.closeSubject(Objects.requireNonNull(subject, "subject"), code, Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public int revoke(String subject) throws ClusterUnavailableException {
        return sessions.revoke(Objects.requireNonNull(subject, "subject"));
    }

    private static int deliver(List<Connection> connections, Optional<String> permission, String frame) {
        int delivered = 0;
        for (Connection connection : connections) {
            if (mayReceive(connection, permission) && connection.sendFrame(frame)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** Checked per recipient at send time: a re-authenticated session may have lost the permission. */
    private static boolean mayReceive(Connection connection, Optional<String> permission) {
        return connection.isAuthenticated() && permission.map(connection::hasPermission).orElse(true);
    }

    private static Connection live(WebSocketConnection connection) {
        if (connection instanceof Connection live) {
            return live;
        }
        throw new IllegalArgumentException("not a wsjwt connection: " + connection);
    }
}
