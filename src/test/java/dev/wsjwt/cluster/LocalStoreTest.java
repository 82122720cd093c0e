package dev.wsjwt.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void storesOnceAndForgetsAfterTheTtl() {
        LocalStore store = new LocalStore(clock, 10);
        assertEquals(SharedStore.Put.STORED, store.putIfAbsent("k", "v", Duration.ofSeconds(10)));
        assertEquals(SharedStore.Put.PRESENT, store.putIfAbsent("k", "w", Duration.ofSeconds(10)));
        now.set(now.get().plusSeconds(11));
        assertEquals(SharedStore.Put.STORED, store.putIfAbsent("k", "w", Duration.ofSeconds(10)));
    }

    @Test
    void replaceAnswersThePreviousValueOnlyForLiveKeys() {
        LocalStore store = new LocalStore(clock, 10);
        assertEquals(Optional.empty(), store.replace("absent", "used"));
        store.putIfAbsent("k", "v", Duration.ofSeconds(5));
        assertEquals(Optional.of("v"), store.replace("k", "used"));
        assertEquals(Optional.of("used"), store.replace("k", "used"));
        now.set(now.get().plusSeconds(6));
        assertEquals(Optional.empty(), store.replace("k", "used"), "the ttl was kept");
    }

    @Test
    void refusesNewKeysWhenFullOfLiveOnesAndSweepsExpiredOnes() {
        LocalStore store = new LocalStore(clock, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(SharedStore.Put.STORED, store.putIfAbsent("k" + i, "v", Duration.ofSeconds(10)));
        }
        assertEquals(SharedStore.Put.FULL, store.putIfAbsent("k3", "v", Duration.ofSeconds(10)));
        assertEquals(3, store.size());
        now.set(now.get().plusSeconds(11));
        assertEquals(SharedStore.Put.STORED, store.putIfAbsent("k3", "v", Duration.ofSeconds(10)));
        assertEquals(1, store.size());
    }
}
