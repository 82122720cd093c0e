package dev.wsjwt.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void allowsTheBurstThenTheRate() {
        RateLimit limit = new RateLimit(1, 3, 10, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(limit.tryAcquire("alice"));
        }
        assertFalse(limit.tryAcquire("alice"));
        assertTrue(limit.tryAcquire("bob"), "another key has its own bucket");
        nanos.addAndGet(1_000_000_000L);
        assertTrue(limit.tryAcquire("alice"));
        assertFalse(limit.tryAcquire("alice"));
    }

    @Test
    void staysBoundedDroppingIdleKeysAndRefusingWhenAllAreBusy() {
        RateLimit limit = new RateLimit(1, 2, 2, nanos::get);
        assertTrue(limit.tryAcquire("a"));
        assertTrue(limit.tryAcquire("b"));
        assertFalse(limit.tryAcquire("c"), "two busy keys, no room for a third");
        nanos.addAndGet(5_000_000_000L);
        assertTrue(limit.tryAcquire("c"), "idle keys were dropped");
        assertEquals(1, limit.size());
    }
}
