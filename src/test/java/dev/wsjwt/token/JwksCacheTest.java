package dev.wsjwt.token;

import static dev.wsjwt.token.JwksFixture.rejection;
import static dev.wsjwt.token.JwksFixture.settings;
import static dev.wsjwt.token.JwksFixture.token;
import static dev.wsjwt.token.JwksFixture.unknownKidToken;
import static dev.wsjwt.token.JwksFixture.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.WsClient;
import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWKS cache: lifetime from Cache-Control within bounds, stale serving, grace, rate limit, single flight. */
class JwksCacheTest {

    private final MutableClock clock = MutableClock.startingNow();
    private JwksServer jwks;
    private LogCapture log;

    @BeforeEach
    void start() {
        log = LogCapture.of(JwksFixture.RESOLVER_LOGGER);
        jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC));
    }

    @AfterEach
    void stop() {
        jwks.close();
        log.close();
    }

    private TokenVerifier verifier(Map<String, String> extra) {
        return JwksFixture.verifier(settings(jwks.url(), TokenBuilder.ISSUER, extra), clock);
    }

    /** The first verification waits for the first fetch; the fetch logs the lifetime it chose. */
    private void assertCachedFor(String cacheControl, Map<String, String> extra, long expectedSeconds) throws Exception {
        jwks.cacheControl(cacheControl);
        verifier(extra).verify(token());
        assertTrue(JwksFixture.logged(log, "cached for " + expectedSeconds + "s"), log.messages(Level.INFO).toString());
    }

    @Test
    void honoursCacheControlMaxAge() throws Exception {
        assertCachedFor("public, max-age=120, must-revalidate", Map.of(), 120);
    }

    @Test
    void clampsShortMaxAgeToMinRefreshInterval() throws Exception {
        assertCachedFor("max-age=1", Map.of("wsjwt.jwks.min-refresh-interval", "30"), 30);
    }

    @Test
    void clampsLongMaxAgeToMaxCacheTtl() throws Exception {
        assertCachedFor("max-age=31536000", Map.of("wsjwt.jwks.max-cache-ttl", "3600"), 3600);
    }

    @Test
    void usesCacheTtlWithoutMaxAge() throws Exception {
        assertCachedFor(null, Map.of("wsjwt.jwks.cache-ttl", "300"), 300);
        assertCachedFor("no-cache", Map.of("wsjwt.jwks.cache-ttl", "300"), 300);
    }

    @Test
    void servesStaleKeysWhileRefreshingInBackground() throws Exception {
        jwks.cacheControl("max-age=120");
        TokenVerifier verifier = verifier(Map.of());
        verifier.verify(token());
        assertEquals(1, jwks.hits());

        clock.advance(Duration.ofSeconds(121));
        jwks.delay(Duration.ofSeconds(2)); // the refresh is slow: the handshake must not wait for it
        verifier.verify(token());
        Await.until(WsClient.TIMEOUT, () -> jwks.hits() == 2, "a background refresh");
    }

    @Test
    void dropsKeysOlderThanTtlPlusStaleGraceWhileRefreshesFail() throws Exception {
        TokenVerifier verifier = verifier(Map.of("wsjwt.jwks.cache-ttl", "60", "wsjwt.jwks.stale-grace", "120",
                "wsjwt.jwks.min-refresh-interval", "0"));
        verifier.verify(token());
        jwks.status(500);

        clock.advance(Duration.ofSeconds(61));
        verifier.verify(token()); // stale, within grace: still trusted
        clock.advance(Duration.ofSeconds(120)); // 181s > 60s + 120s
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(verifier, token()));

        jwks.status(200);
        verifier.verify(token()); // the provider is back: fresh keys
    }

    @Test
    void unknownKidRefreshesAtMostOncePerInterval() throws Exception {
        TokenVerifier verifier = verifier(Map.of("wsjwt.jwks.min-refresh-interval", "30"));
        verifier.verify(token());
        assertEquals(1, jwks.hits());

        clock.advance(Duration.ofSeconds(31));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, unknownKidToken()));
        assertEquals(2, jwks.hits(), "the first unknown kid refreshes");
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier,
                TokenBuilder.token("eve").signedWith(TestKeys.ec("ec-unknown"), "ES256").sign()));
        assertEquals(2, jwks.hits(), "a second unknown kid within the interval does not");

        clock.advance(Duration.ofSeconds(31));
        jwks.serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER));
        verifier.verify(unknownKidToken()); // after the interval: refreshed, and the rotated-in key is found
        assertEquals(3, jwks.hits());
    }

    @Test
    void rotatedKidRightAfterAFetchWaitsForTheNextAllowedRefresh() throws Exception {
        // A real Keycloak: the JWKS was fetched a moment ago, then the realm rotates its key.
        TokenVerifier verifier = verifier(Map.of("wsjwt.jwks.min-refresh-interval", "1", "wsjwt.jwks.timeout", "5000"));
        verifier.verify(token());
        assertEquals(1, jwks.hits());
        jwks.serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER));

        assertEquals("mallory", verifier.verify(unknownKidToken()).getSubject());
        assertEquals(2, jwks.hits(), "one refresh, once the interval allowed it");
    }

    @Test
    void unknownKidIsRefusedAtOnceWhenTheNextAllowedRefreshIsBeyondTheTimeout() throws Exception {
        TokenVerifier verifier = verifier(Map.of("wsjwt.jwks.min-refresh-interval", "30", "wsjwt.jwks.timeout", "4000"));
        verifier.verify(token());
        long started = System.nanoTime();
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, unknownKidToken()));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(3000)) < 0, "did not wait");
        assertEquals(1, jwks.hits());
    }

    @Test
    void floodOfRandomKidsRightAfterAFetchSharesOneDeferredRefresh() throws Exception {
        TokenVerifier verifier = verifier(Map.of("wsjwt.jwks.min-refresh-interval", "1", "wsjwt.jwks.timeout", "5000"));
        verifier.verify(token());
        ExecutorService pool = Executors.newFixedThreadPool(2 * RemoteJwksResolver.MAX_WAITERS);
        try {
            List<CompletableFuture<RejectionReason>> all = new ArrayList<>();
            for (int i = 0; i < 4 * RemoteJwksResolver.MAX_WAITERS; i++) {
                String token = TokenBuilder.token("eve").signedWith(TestKeys.RSA_OTHER, "RS256").header("kid", "random-" + i).sign();
                all.add(CompletableFuture.supplyAsync(() -> rejection(verifier, token), pool));
            }
            for (CompletableFuture<RejectionReason> each : all) {
                assertEquals(RejectionReason.UNKNOWN_KEY, each.get(30, TimeUnit.SECONDS));
            }
            assertEquals(2, jwks.hits(), "the first fetch and one deferred refresh, whatever the number of kids");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentVerificationsOnAColdCacheShareOneFetch() throws Exception {
        jwks.delay(Duration.ofMillis(500));
        TokenVerifier verifier = verifier(Map.of("wsjwt.jwks.min-refresh-interval", "0", "wsjwt.jwks.timeout", "60000"));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<JwtPrincipal>> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String token = TokenBuilder.token("user-" + i).sign();
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return verifier.verify(token);
                    } catch (TokenRejectedException e) {
                        throw new AssertionError(e.getMessage(), e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertEquals(1, jwks.hits());
        } finally {
            pool.shutdownNow();
        }
    }
}
