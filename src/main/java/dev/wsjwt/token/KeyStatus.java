package dev.wsjwt.token;

import java.time.Duration;
import java.util.Optional;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/** What the verification keys look like from outside: for readiness and for metrics. */
public interface KeyStatus {

    /** Keys held now (the last good key set, or the configured keys). */
    int keysHeld();

    /** Time since the last good fetch; empty for configured keys, or when no fetch ever succeeded. */
    Optional<Duration> sinceLastGoodFetch();

    /** Whether a token could be verified now: keys held and not past {@code wsjwt.jwks.stale-grace}. */
    boolean usable();

    /** Whether keys come from an identity provider over the network (else: configured). */
    boolean remote();

    /**
     * Starts a key set fetch, without waiting, when the keys are past their lifetime (or none
     * was ever fetched) and the refresh rate limit allows. Keys are otherwise refreshed only by
     * verifications: a node that gets no traffic (because a load balancer took it out on a
     * failed readiness probe) would never become ready again.
     */
    default void refreshIfStale() {
    }

    /** The status of {@code resolver}, as {@link KeySources#resolver} built it. */
    static KeyStatus of(VerificationKeyResolver resolver) {
        if (resolver instanceof KeyStatus status) {
            return status;
        }
        throw new IllegalArgumentException("not a wsjwt key resolver: " + resolver.getClass().getName());
    }
}
