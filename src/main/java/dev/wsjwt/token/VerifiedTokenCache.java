package dev.wsjwt.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens that passed signature and claim verification, so that the same token presented again
 * (a reconnect, a second tab, a re-auth) skips the signature check. Keyed by the token's SHA-256
 * digest; an entry holds the verified claims, the permissions and the key that verified it,
 * never the token itself. The verifier uses an entry only while the key set still gives that
 * key for the token's header.
 *
 * <p>An entry is used only before the token's {@code exp} (no clock-skew leeway), before the
 * {@code iat}-based age limit when one is configured, and for at most {@link #MAX_AGE} after it
 * was verified, so a key dropped from the key set stops verifying cached tokens within that
 * time. Failures are never cached. Revocation is not decided here: the verifier checks it on
 * every call, cached or not. Bounded: when full, expired entries are dropped, then all of them.
 * Thread-safe.
 */
final class VerifiedTokenCache {

    static final Duration MAX_AGE = Duration.ofSeconds(60);

    /** What verification established about one token. */
    record Verified(Map<String, Object> claims, Set<String> permissions, Key key, long usableUntilMillis) {
    }

    private final int maxEntries;
    private final Optional<Duration> maxTokenAge;
    private final Clock clock;
    private final Map<ByteBuffer, Verified> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();

    VerifiedTokenCache(int maxEntries, Optional<Duration> maxTokenAge, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxTokenAge = maxTokenAge;
        this.clock = clock;
    }

    /**
     * The cache key for a token (its SHA-256 digest), computed once per verification and used for
     * both the lookup and the store; null when the cache is off.
     */
    ByteBuffer keyFor(String token) {
        return maxEntries == 0 ? null : digest(token);
    }

    Optional<Verified> get(ByteBuffer key) {
        if (key == null) {
            return Optional.empty();
        }
        Verified verified = entries.get(key);
        if (verified == null) {
            return Optional.empty();
        }
        if (clock.millis() >= verified.usableUntilMillis()) {
            entries.remove(key, verified);
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(verified);
    }

    void put(ByteBuffer digest, JwtPrincipal principal, Key key) {
        if (digest == null) {
            return;
        }
        long now = clock.millis();
        long until = Math.min(now + MAX_AGE.toMillis(), principal.expiresAt().toEpochMilli());
        if (maxTokenAge.isPresent()) {
            Optional<Long> iat = principal.issuedAt().map(i -> i.plus(maxTokenAge.get()).toEpochMilli());
            if (iat.isEmpty()) {
                return;
            }
            until = Math.min(until, iat.get());
        }
        if (until <= now) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(v -> v.usableUntilMillis() <= now);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(digest, new Verified(principal.claims(), principal.permissions(), key, until));
    }

    // visible for testing
    long hits() {
        return hits.get();
    }

    int size() {
        return entries.size();
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
