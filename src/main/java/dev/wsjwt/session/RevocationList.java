package dev.wsjwt.session;

import dev.wsjwt.token.Revocations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-subject not-before instants, in this process. Revoking truncates to the second, because
 * {@code iat} has one-second resolution: a token issued in the same second as the revocation
 * cannot be told apart from one issued just before it, so it is refused too. A revocation is kept
 * for {@code keep} (the longest token lifetime accepted): after that, every token it refuses has
 * expired anyway, so each revoke forgets the ones that old and the map stays bounded.
 */
public final class RevocationList implements Revocations {

    private final ConcurrentMap<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Duration keep;
    /** Logged-out session ids ({@code sid}) and when; kept, and bounded, like the subjects. */
    private final ConcurrentMap<String, Instant> loggedOut = new ConcurrentHashMap<>();

    public RevocationList(Duration keep) {
        this.keep = keep;
    }

    public void revoke(String subject, Instant at) {
        Instant cutoff = at.equals(Instant.MAX) ? at : at.truncatedTo(ChronoUnit.SECONDS);
        if (!at.equals(Instant.MAX)) {
            expireBefore(cutoff.minus(keep));
        }
        revoked.merge(subject, cutoff, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Instant> revokedBefore(String subject) {
        return Optional.ofNullable(revoked.get(subject));
    }

    /** Refuses every token carrying {@code sid} from now on (for {@code keep}). */
    public void logOut(String sid, Instant at) {
        loggedOut.values().removeIf(instant -> instant.isBefore(at.minus(keep)));
        loggedOut.merge(sid, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean isLoggedOut(String sid) {
        return loggedOut.containsKey(sid);
    }

    /** Forgets revocations older than any token could still be valid, so the map stays bounded. */
    public void expireBefore(Instant horizon) {
        revoked.values().removeIf(instant -> instant.isBefore(horizon));
        loggedOut.values().removeIf(instant -> instant.isBefore(horizon));
    }

    public int size() {
        return revoked.size();
    }
}
