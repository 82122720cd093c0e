package dev.wsjwt.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a subject, or one key for a whole endpoint), in bounded memory: at most
 * {@code maxKeys} buckets; when the bound is reached, buckets that have refilled (idle callers)
 * are dropped, and a limiter still full refuses new keys rather than grow.
 */
final class RateLimit {

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final double perSecond;
    private final int burst;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    // visible for testing
    RateLimit(double perSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    RateLimit(double perSecond, int burst, int maxKeys) {
        this(perSecond, burst, maxKeys, System::nanoTime);
    }

    /** Whether {@code key} may go on now; takes one token when it may. */
    synchronized boolean tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                buckets.values().removeIf(b -> refill(b, now) >= burst);
                if (buckets.size() >= maxKeys) {
                    return false;
                }
            }
            bucket = new Bucket(burst, now);
            buckets.put(key, bucket);
        }
        bucket.tokens = refill(bucket, now);
        bucket.at = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    private double refill(Bucket bucket, long now) {
        return Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
    }

    // visible for testing
    int size() {
        return buckets.size();
    }
}
