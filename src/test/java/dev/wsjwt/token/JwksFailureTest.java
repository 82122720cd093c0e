package dev.wsjwt.token;

import static dev.wsjwt.token.JwksFixture.keySet;
import static dev.wsjwt.token.JwksFixture.publicJson;
import static dev.wsjwt.token.JwksFixture.rejection;
import static dev.wsjwt.token.JwksFixture.settings;
import static dev.wsjwt.token.JwksFixture.token;
import static dev.wsjwt.token.JwksFixture.unknownKidToken;
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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider that fails or publishes the wrong thing: the last good keys stay in use, each failed
 * attempt logs one WARNING line, and with no keys ever fetched tokens are refused as
 * KEY_UNAVAILABLE. The rotated-in key (rsa-2) is in every bad document, to show that nothing of
 * a refused document is taken up.
 */
class JwksFailureTest {

    private static final String GOOD = TestKeys.jwks(TestKeys.RSA, TestKeys.EC);
    private static final String ROTATED = publicJson(TestKeys.RSA_OTHER);

    private final MutableClock clock = MutableClock.startingNow();
    private JwksServer jwks;
    private LogCapture log;

    @BeforeEach
    void start() {
        log = LogCapture.of(JwksFixture.RESOLVER_LOGGER);
        jwks = new JwksServer(GOOD);
    }

    @AfterEach
    void stop() {
        jwks.close();
        log.close();
    }

    /**
     * Every unknown kid may refresh (no rate limit); each fetch waits at most 2 s: well under the
     * slow provider's 5 s, and well over what a good fetch takes on a busy CI machine.
     */
    private TokenVerifier verifier() {
        return JwksFixture.verifier(settings(jwks.url(), TokenBuilder.ISSUER, Map.of(
                "wsjwt.jwks.min-refresh-interval", "0", "wsjwt.jwks.timeout", "2000")), clock);
    }

    private void assertLastGoodKeysKept(Consumer<JwksServer> breakIt, String expectedLog) throws Exception {
        TokenVerifier verifier = verifier();
        verifier.verify(token());
        breakIt.accept(jwks);
        log.clear();

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, unknownKidToken()));
        // A fetch that times out may log just after the handshake stopped waiting for it.
        Await.until(WsClient.TIMEOUT, () -> log.warnings().stream().anyMatch(w -> w.contains("failed")), "the failed fetch's warning");
        List<String> warnings = log.warnings();
        assertEquals(1, warnings.stream().filter(w -> w.contains("failed")).count(), warnings.toString());
        assertTrue(warnings.get(warnings.size() - 1).contains(expectedLog), warnings.toString());
        assertTrue(warnings.get(warnings.size() - 1).contains("keeping the last good keys"), warnings.toString());
        verifier.verify(token()); // the last good keys still verify
    }

    private void assertNoKeysEver(Consumer<JwksServer> breakIt, String expectedLog) {
        breakIt.accept(jwks);
        TokenVerifier verifier = verifier();
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(verifier, token()));
        Await.until(WsClient.TIMEOUT, () -> log.warnings().stream()
                .anyMatch(w -> w.contains(expectedLog) && w.contains("keeping no keys")), "a warning with '" + expectedLog + "'");
    }

    private static Consumer<JwksServer> serving(String body) {
        return server -> server.serve(body);
    }

    @Test
    void serverErrorKeepsLastGoodKeys() throws Exception {
        assertLastGoodKeysKept(s -> s.status(500), "HTTP 500");
    }

    @Test
    void invalidJsonKeepsLastGoodKeys() throws Exception {
        assertLastGoodKeysKept(serving("<html>maintenance</html>"), "not a valid JWKS document");
    }

    @Test
    void emptyKeySetKeepsLastGoodKeys() throws Exception {
        assertLastGoodKeysKept(serving("{\"keys\":[]}"), "no usable keys");
    }

    @Test
    void fetchSlowerThanTimeoutKeepsLastGoodKeys() throws Exception {
        assertLastGoodKeysKept(s -> s.delay(Duration.ofSeconds(5)), "timed out");
    }

    @Test
    void withNoKeysEverFetchedTokensAreRefusedAsKeysUnavailable() {
        assertNoKeysEver(s -> s.status(500), "HTTP 500");
    }

    @Test
    void withNoKeysEverInvalidJsonOrEmptySetOrSlowFetchAreUnavailableToo() {
        assertNoKeysEver(serving("not json"), "not a valid JWKS document");
        jwks.serve("{\"keys\":[]}");
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(verifier(), token()));
        jwks.serve(GOOD);
        jwks.delay(Duration.ofSeconds(5));
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(verifier(), token()));
    }

    @Test
    void refusesDocumentWithDuplicateKids() throws Exception {
        assertLastGoodKeysKept(serving(keySet(ROTATED, ROTATED)), "duplicate kid 'rsa-2'");
    }

    @Test
    void refusesDocumentWithSymmetricKey() throws Exception {
        assertLastGoodKeysKept(serving(keySet(ROTATED,
                "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}")),
                "symmetric key");
    }

    @Test
    void refusesDocumentWithPrivateKeyMaterial() throws Exception {
        assertLastGoodKeysKept(serving(keySet(
                TestKeys.RSA_OTHER.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE))), "private key material");
    }

    @Test
    void skipsUnsupportedKeyTypeWithALogLineAndUsesTheRest() throws Exception {
        TokenVerifier verifier = verifier();
        verifier.verify(token());
        jwks.serve(keySet(ROTATED, "{\"kty\":\"XYZ\",\"kid\":\"odd-1\",\"x\":\"AQAB\"}"));
        log.clear();

        verifier.verify(unknownKidToken()); // the supported key of the new set is taken up
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("odd-1")), log.warnings().toString());
    }

    @Test
    void documentWithOnlyUnsupportedOrWeakKeysIsRefused() throws Exception {
        assertLastGoodKeysKept(serving(keySet("{\"kty\":\"XYZ\",\"kid\":\"odd-1\"}",
                publicJson(TestKeys.rsa("weak-1", 1024)))), "no usable keys");
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("odd-1")), log.warnings().toString());
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("weak-1") && w.contains("2048")),
                log.warnings().toString());
    }

    @Test
    void skipsEncryptionKeyWithALogLine() throws Exception {
        TokenVerifier verifier = verifier();
        verifier.verify(token());
        String enc = publicJson(TestKeys.rsa("enc-1", 2048)).replaceFirst("\\{", "{\"use\":\"enc\",");
        jwks.serve(keySet(ROTATED, enc));
        log.clear();

        verifier.verify(unknownKidToken());
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("enc-1") && w.contains("use=enc")),
                log.warnings().toString());
    }

    @Test
    void redirectIsAFailedFetchAndNotFollowed() {
        jwks.redirect(jwks.url()); // a loop, if it were followed
        TokenVerifier verifier = verifier();
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(verifier, token()));
        // The start-up fetch and (if that had already failed) the handshake's own: one request
        // each, each a failed fetch. A followed redirect would loop or count more requests.
        long failed = log.warnings().stream().filter(w -> w.contains("failed: HTTP 302")).count();
        assertTrue(failed >= 1, log.warnings().toString());
        assertEquals(failed, jwks.hits(), "one request per attempt: the redirect was not followed");
    }
}
