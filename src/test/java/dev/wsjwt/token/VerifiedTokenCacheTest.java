package dev.wsjwt.token;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.Settings;
import dev.wsjwt.session.RevocationList;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.Verifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens: used only while it is safe to, never a way around revocation. */
class VerifiedTokenCacheTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final RevocationList revocations = new RevocationList(Duration.ofHours(1));

    private TokenVerifier verifier(Map<String, String> overrides) {
        Settings settings = Verifiers.settings(overrides);
        return new TokenVerifier(settings.verify(), KeySources.resolver(settings.verify(), Clock.systemUTC()), revocations, clock);
    }

    @Test
    void verifiesTheSameTokenOnceAndGivesEachCallItsOwnPrincipal() throws Exception {
        TokenVerifier verifier = verifier(Map.of());
        String token = token("alice").permissions("chat:read").sign();
        JwtPrincipal first = verifier.verify(token);
        JwtPrincipal second = verifier.verify(token);
        assertEquals(1, verifier.cache().hits());
        assertNotSame(first, second);
        assertEquals("alice", second.getSubject());
        assertEquals(first.permissions(), second.permissions());
        assertEquals(token, second.getRawToken());
    }

    @Test
    void refusesARevokedTokenThatIsCached() throws Exception {
        TokenVerifier verifier = verifier(Map.of());
        String token = token("alice").issuedSecondsAgo(10).sign();
        verifier.verify(token);
        revocations.revoke("alice", Instant.now());
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(RejectionReason.REVOKED, e.reason());
    }

    @Test
    void refusesACachedTokenOnceItsKeyLeavesTheKeySet() throws Exception {
        Settings settings = Verifiers.settings(Map.of());
        VerificationKeyResolver trusted = KeySources.resolver(settings.verify(), Clock.systemUTC());
        AtomicReference<VerificationKeyResolver> current = new AtomicReference<>(trusted);
        TokenVerifier verifier = new TokenVerifier(settings.verify(),
                (jws, nesting) -> current.get().resolveKey(jws, nesting), revocations, clock);
        String token = token("alice").sign();
        verifier.verify(token);
        verifier.verify(token);
        assertEquals(1, verifier.cache().hits());

        current.set((jws, nesting) -> {
            throw new KeyRefusal(RejectionReason.UNKNOWN_KEY, "unknown signing key");
        });
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(RejectionReason.UNKNOWN_KEY, e.reason());
    }

    @Test
    void neverUsesAnEntryAtOrAfterTheTokensExpiry() throws Exception {
        TokenVerifier verifier = verifier(Map.of());
        var builder = token("alice").expiresIn(30);
        String token = builder.sign();
        verifier.verify(token);
        clock.advance(Duration.between(clock.instant(), Instant.ofEpochSecond(builder.expiresAt())));
        verifier.verify(token); // verified again in full (jose4j's own clock has not reached exp)
        assertEquals(0, verifier.cache().hits());
    }

    @Test
    void keepsAnEntryAtMostAMinute() throws Exception {
        TokenVerifier verifier = verifier(Map.of());
        String token = token("alice").expiresIn(3600).sign();
        verifier.verify(token);
        clock.advance(VerifiedTokenCache.MAX_AGE);
        verifier.verify(token);
        assertEquals(0, verifier.cache().hits());
    }

    @Test
    void neverUsesAnEntryPastTheTokenAgeLimit() throws Exception {
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.token.age", "40"));
        String token = token("alice").issuedSecondsAgo(10).expiresIn(3600).sign();
        verifier.verify(token);
        clock.advance(Duration.ofSeconds(30)); // now 40 s after iat on the cache's clock
        verifier.verify(token); // verified again in full (jose4j's own clock says 10 s)
        assertEquals(0, verifier.cache().hits());
    }

    @Test
    void cachesNoFailures() {
        TokenVerifier verifier = verifier(Map.of());
        String expired = token("alice").expiresIn(-3600).sign();
        assertThrows(TokenRejectedException.class, () -> verifier.verify(expired));
        assertThrows(TokenRejectedException.class, () -> verifier.verify(expired));
        assertEquals(0, verifier.cache().size());
    }

    @Test
    void staysWithinItsSizeAndCanBeTurnedOff() throws Exception {
        TokenVerifier small = verifier(Map.of("wsjwt.verify.cache-size", "2"));
        for (String subject : new String[] {"a", "b", "c", "d", "e"}) {
            small.verify(token(subject).sign());
        }
        assertTrue(small.cache().size() <= 2, "size " + small.cache().size());

        TokenVerifier off = verifier(Map.of("wsjwt.verify.cache-size", "0"));
        String token = token("alice").sign();
        off.verify(token);
        off.verify(token);
        assertEquals(0, off.cache().hits());
        assertEquals(0, off.cache().size());
    }
}
