package dev.wsjwt.token;

import java.time.Instant;
import java.util.Optional;

/** Per-subject revocation: tokens issued at or before the subject's instant are refused. */
@FunctionalInterface
public interface Revocations {

    Revocations NONE = subject -> Optional.empty();

    /** The instant at or before which the subject's tokens are revoked, if any. */
    Optional<Instant> revokedBefore(String subject);

    /**
     * Whether the session {@code sid} names was logged out (OpenID Connect Back-Channel Logout):
     * its tokens are refused whenever they were issued.
     */
    default boolean isLoggedOut(String sid) {
        return false;
    }

    default boolean isRevoked(String subject, Optional<Instant> issuedAt) {
        Optional<Instant> cutoff = revokedBefore(subject);
        // A token without iat cannot prove it was issued after the revocation: deny.
        return cutoff.isPresent() && (issuedAt.isEmpty() || !issuedAt.get().isAfter(cutoff.get()));
    }
}
