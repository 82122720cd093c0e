package dev.wsjwt.session;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Live connections by id and by subject; listeners hear of every removal. */
public final class ConnectionRegistry {

    private final ConcurrentMap<String, Connection> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Connection>> bySubject = new ConcurrentHashMap<>();
    private final List<Consumer<Connection>> removalListeners = new CopyOnWriteArrayList<>();

    public void onRemoval(Consumer<Connection> listener) {
        removalListeners.add(listener);
    }

    void add(Connection connection) {
        byId.put(connection.id(), connection);
    }

    /**
     * Indexes the connection under its (new) subject; subjects never change on one connection.
     * A connection already removed (closed while its first-message {@code auth} was verified) is
     * not indexed: false. The subject must be set on the connection before this is called, so
     * that a concurrent {@link #remove} either sees it or is seen here.
     */
    boolean indexSubject(Connection connection, String subject) {
        if (byId.get(connection.id()) != connection) {
            return false;
        }
        bySubject.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet()).add(connection);
        if (byId.get(connection.id()) != connection) {
            // Removed meanwhile, perhaps before remove() could see the subject: undo.
            unindex(connection, subject);
            return false;
        }
        return true;
    }

    private void unindex(Connection connection, String subject) {
        bySubject.computeIfPresent(subject, (s, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** @return false when it was removed before */
    boolean remove(Connection connection) {
        if (byId.remove(connection.id()) == null) {
            return false;
        }
        connection.subject().ifPresent(subject -> unindex(connection, subject));
        for (Consumer<Connection> listener : removalListeners) {
            listener.accept(connection);
        }
        return true;
    }

    public List<Connection> bySubject(String subject) {
        Set<Connection> set = bySubject.get(subject);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** The connections whose token carries this session id ({@code sid}); a scan, for the rare logout. */
    public List<Connection> bySessionId(String sid) {
        return byId.values().stream()
                .filter(c -> c.principal().flatMap(p -> p.sessionId()).filter(sid::equals).isPresent())
                .toList();
    }

    public int size() {
        return byId.size();
    }

    public int subjectCount() {
        return bySubject.size();
    }
}
