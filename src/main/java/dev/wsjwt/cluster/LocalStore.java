package dev.wsjwt.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link SharedStore} in this process, bounded: at most {@code maxEntries} keys; expired ones are
 * swept when the bound is reached, and a store still full refuses new keys ({@code FULL}) rather
 * than forget live ones (a forgotten {@code jti} could be replayed).
 */
final class LocalStore implements SharedStore {

    static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Entry(String value, Instant expires) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    // visible for testing
    LocalStore(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized Put putIfAbsent(String key, String value, Duration ttl) {
        Instant now = clock.instant();
        Entry existing = entries.get(key);
        if (existing != null && existing.expires().isAfter(now)) {
            return Put.PRESENT;
        }
        if (existing == null && entries.size() >= maxEntries) {
            entries.values().removeIf(entry -> !entry.expires().isAfter(now));
            if (entries.size() >= maxEntries) {
                return Put.FULL;
            }
        }
        entries.put(key, new Entry(value, now.plus(ttl)));
        return Put.STORED;
    }

    @Override
    public synchronized Optional<String> replace(String key, String value) {
        Entry existing = entries.get(key);
        if (existing == null || !existing.expires().isAfter(clock.instant())) {
            entries.remove(key);
            return Optional.empty();
        }
        entries.put(key, new Entry(value, existing.expires()));
        return Optional.of(existing.value());
    }

    // visible for testing
    int size() {
        return entries.size();
    }
}
