package dev.wsjwt.chat;

import dev.wsjwt.session.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Which connections joined which room. A closed connection leaves every room. */
final class ChatRooms {

    private final ConcurrentMap<String, Set<Connection>> members = new ConcurrentHashMap<>();
    private final ConcurrentMap<Connection, Set<String>> joined = new ConcurrentHashMap<>();

    void join(String room, Connection connection) {
        if (!connection.isOpen()) {
            return;
        }
        members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(connection);
        joined.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(room);
        if (!connection.isOpen()) {
            // Closed while joining: the removal listener may have run before we added it.
            leaveAll(connection);
        }
    }

    List<Connection> members(String room) {
        Set<Connection> set = members.get(room);
        return set == null ? List.of() : List.copyOf(set);
    }

    void leaveAll(Connection connection) {
        Set<String> rooms = joined.remove(connection);
        if (rooms == null) {
            return;
        }
        for (String room : rooms) {
            members.computeIfPresent(room, (r, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
    }

    int roomCount() {
        return members.size();
    }
}
