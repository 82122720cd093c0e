package dev.wsjwt.token;

import static dev.wsjwt.token.JwksFixture.settings;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.config.VerifySettings;
import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenVerifier#mayWaitForKeys}: the standalone server verifies on its selector thread
 * only what it answers false for, so a false must mean the key is at hand.
 */
class KeyAvailabilityTest {

    @Test
    void aRemoteKeySetMayWaitUntilAHeaderHasBeenResolvedFromTheCurrentKeys() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC))) {
            jwks.cacheControl("max-age=60");
            VerifySettings verify = settings(jwks.url(), TokenBuilder.ISSUER,
                    Map.of("wsjwt.jwks.min-refresh-interval", "1", "wsjwt.jwks.stale-grace", "0"));
            TokenVerifier verifier = JwksFixture.verifier(verify, clock);
            String alice = TokenBuilder.token("alice").sign();
            String bob = TokenBuilder.token("bob").sign();                       // same header as alice's
            String ec = TokenBuilder.token("carol").signedWith(TestKeys.EC, "ES256").sign();
            String unknown = TokenBuilder.token("mallory").signedWith(TestKeys.RSA_OTHER, "RS256").sign();

            assertTrue(verifier.mayWaitForKeys(alice), "a header never resolved may wait (first fetch)");
            verifier.verify(alice);
            assertFalse(verifier.mayWaitForKeys(bob), "a header resolved from the current key set cannot wait");
            assertTrue(verifier.mayWaitForKeys(ec), "another header (kid ec-1) was never resolved");
            assertTrue(verifier.mayWaitForKeys(unknown), "an unknown kid may wait for a refresh");
            JwksFixture.rejection(verifier, unknown);
            assertTrue(verifier.mayWaitForKeys(unknown), "a kid that failed to resolve still may wait");

            clock.advance(Duration.ofSeconds(61));
            assertTrue(verifier.mayWaitForKeys(bob), "keys past their lifetime (no grace) may be refetched");
        }
    }

    @Test
    void staticKeysNeverWaitAndUnverifiableShapesAreNotAskedFor() {
        VerifySettings verify = inlineKeySettings();
        TokenVerifier verifier = new TokenVerifier(verify, KeySources.resolver(verify, MutableClock.startingNow()), Revocations.NONE);
        assertFalse(verifier.mayWaitForKeys(TokenBuilder.token("alice").sign()));
        assertFalse(verifier.mayWaitForKeys("no-dots-at-all"));
    }

    @Test
    void aResolverThatCannotSayCountsAsOneThatMayWait() {
        VerifySettings verify = inlineKeySettings();
        TokenVerifier verifier = new TokenVerifier(verify, (jws, nesting) -> TestKeys.RSA.getKey(), Revocations.NONE);
        assertTrue(verifier.mayWaitForKeys(TokenBuilder.token("alice").sign()));
    }

    private static VerifySettings inlineKeySettings() {
        return Settings.from(ConfigLookup.of(Map.of(
                "mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA),
                "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE))).verify();
    }
}
