package dev.wsjwt.session;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Which connections joined which named group on this node. A closed connection leaves every group. */
public final class Groups {

    private final ConcurrentMap<String, Set<Connection>> members = new ConcurrentHashMap<>();
    private final ConcurrentMap<Connection, Set<String>> joined = new ConcurrentHashMap<>();

    public Groups(ConnectionRegistry registry) {
        registry.onRemoval(this::leaveAll);
    }

    public void join(String group, Connection connection) {
        if (!connection.isOpen()) {
            return;
        }
        members.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(connection);
        joined.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(group);
        if (!connection.isOpen()) {
            // Closed while joining: the removal listener may have run before we added it.
            leaveAll(connection);
        }
    }

    public void leave(String group, Connection connection) {
        joined.computeIfPresent(connection, (c, groups) -> {
            groups.remove(group);
            return groups.isEmpty() ? null : groups;
        });
        removeMember(group, connection);
    }

    public List<Connection> members(String group) {
        Set<Connection> set = members.get(group);
        return set == null ? List.of() : List.copyOf(set);
    }

    private void leaveAll(Connection connection) {
        Set<String> groups = joined.remove(connection);
        if (groups == null) {
            return;
        }
        for (String group : groups) {
            removeMember(group, connection);
        }
    }

    private void removeMember(String group, Connection connection) {
        members.computeIfPresent(group, (g, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    public int groupCount() {
        return members.size();
    }
}
