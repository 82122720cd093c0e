package dev.wsjwt.cluster;

import java.util.function.Consumer;

/**
 * What crosses nodes: room messages, kicks and revocations. Delivery to this node's own sessions
 * is the caller's job and never goes through the bus, so a node never delivers a message twice.
 */
public interface ClusterBus extends AutoCloseable {

    /** Fire-and-forget fan-out to the other nodes; never blocks; local delivery must not depend on it. */
    void publish(ClusterEvent event);

    /**
     * Stores a revocation durably for every node, including those that start later, and announces
     * it. Throws when it cannot be stored, so that nobody is told a revocation holds everywhere
     * when it does not.
     */
    void revoke(ClusterEvent.Revocation revocation) throws ClusterUnavailableException;

    /**
     * Stores a back-channel logout durably for every node (a logged-out {@code sid} is refused
     * for the revocation TTL, as revocations are) and announces it. Throws as {@link #revoke}.
     */
    default void logout(ClusterEvent.Logout logout) throws ClusterUnavailableException {
    }

    /**
     * Small values shared by every node (replayed logout tokens, connection tickets); in this
     * process for a single node.
     */
    SharedStore store();

    /** Events from other nodes, and revocations loaded at start-up or after a reconnect. */
    void subscribe(Consumer<ClusterEvent> listener);

    /** Whether the nodes can hear each other now; always true on a single node. */
    default boolean up() {
        return true;
    }

    @Override
    void close();

    /** A single node: nothing to fan out to, revocations live in this process. */
    static ClusterBus local() {
        SharedStore store = new LocalStore(java.time.Clock.systemUTC(), LocalStore.DEFAULT_MAX_ENTRIES);
        return new ClusterBus() {
            @Override
            public SharedStore store() {
                return store;
            }

            @Override
            public void publish(ClusterEvent event) {
            }

            @Override
            public void revoke(ClusterEvent.Revocation revocation) {
            }

            @Override
            public void subscribe(Consumer<ClusterEvent> listener) {
            }

            @Override
            public void close() {
            }
        };
    }
}
