package dev.wsjwt.token;

import static dev.wsjwt.token.JwksFixture.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.config.VerifySettings;
import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyStatus#refreshIfStale}, what a readiness probe calls: an idle node whose keys
 * expired fetches them again without waiting for a handshake, and a fresh key set is left alone.
 */
class ReadinessRefreshTest {

    @Test
    void staleKeysAreFetchedAgainWithoutAHandshake() {
        MutableClock clock = MutableClock.startingNow();
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA))) {
            VerifySettings verify = settings(jwks.url(), TokenBuilder.ISSUER, Map.of("wsjwt.jwks.cache-ttl", "10",
                    "wsjwt.jwks.stale-grace", "5", "wsjwt.jwks.min-refresh-interval", "0"));
            KeyStatus keys = KeyStatus.of(KeySources.resolver(verify, clock));
            Await.until(Duration.ofSeconds(10), keys::usable, "the first fetch");
            assertEquals(1, jwks.hits());

            keys.refreshIfStale();
            assertEquals(1, jwks.hits(), "fresh keys are not fetched again");

            jwks.serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER));
            clock.advance(Duration.ofSeconds(16));
            assertFalse(keys.usable(), "past the lifetime and the grace");
            // Probed as a runtime probes readiness, until the refresh it started has landed.
            Await.until(Duration.ofSeconds(10), () -> {
                keys.refreshIfStale();
                return keys.usable();
            }, "usable again after the probes' refresh");
            assertEquals(2, jwks.hits());
            assertEquals(2, keys.keysHeld());
        }
    }

    @Test
    void configuredKeysNeverFetch() {
        VerifySettings verify = Settings.from(ConfigLookup.of(Map.of(
                "mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA),
                "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE))).verify();
        KeyStatus keys = KeyStatus.of(KeySources.resolver(verify, MutableClock.startingNow()));
        keys.refreshIfStale();
        assertTrue(keys.usable());
        assertFalse(keys.remote());
    }
}
