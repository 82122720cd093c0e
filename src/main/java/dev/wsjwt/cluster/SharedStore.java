package dev.wsjwt.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * Keys with a lifetime that every node sees the same: in Redis when clustered, else in this
 * process. Both operations are atomic, which is what makes "once" hold across nodes.
 */
public interface SharedStore {

    /** What {@link #putIfAbsent} did. {@code FULL}: the in-process store is at its bound. */
    enum Put { STORED, PRESENT, FULL }

    /** Stores {@code value} under {@code key} for {@code ttl} unless the key exists ({@code SET NX EX}). */
    Put putIfAbsent(String key, String value, Duration ttl) throws ClusterUnavailableException;

    /**
     * Replaces the value of an existing key, keeping its lifetime, and answers the previous
     * value; empty (and nothing stored) when the key does not exist ({@code SET XX GET KEEPTTL}).
     */
    Optional<String> replace(String key, String value) throws ClusterUnavailableException;
}
