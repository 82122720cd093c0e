package dev.wsjwt.token;

import static dev.wsjwt.token.JwksFixture.rejection;
import static dev.wsjwt.token.JwksFixture.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenID discovery: the metadata must name our issuer and keep the keys on the issuer's origin. */
class DiscoveryTest {

    private final MutableClock clock = MutableClock.startingNow();
    private JwksServer idp;
    private LogCapture log;

    @BeforeEach
    void start() {
        log = LogCapture.of(JwksFixture.RESOLVER_LOGGER);
        idp = new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC));
    }

    @AfterEach
    void stop() {
        idp.close();
        log.close();
    }

    private void metadata(String issuer, String jwksUri) {
        idp.document(JwksServer.DISCOVERY_PATH, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"}");
    }

    /** Only the issuer configured (no key location): keys by discovery. */
    private TokenVerifier discovering() {
        return JwksFixture.verifier(settings("", idp.base(), Map.of()), clock);
    }

    private String token() {
        return TokenBuilder.token("alice").claim("iss", idp.base()).sign();
    }

    @Test
    void findsKeysThroughTheIssuersMetadata() throws Exception {
        metadata(idp.base(), idp.url());
        assertEquals("alice", discovering().verify(token()).getSubject());
        assertEquals(1, idp.hits());
    }

    @Test
    void refusesMetadataNamingAnotherIssuer() {
        metadata("https://evil.example/", idp.url());
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(discovering(), token()));
        assertEquals(0, idp.hits(), "no keys fetched");
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("names another issuer")), log.warnings().toString());
    }

    @Test
    void refusesMetadataPointingKeysToAnotherHost() {
        metadata(idp.base(), idp.url().replace("127.0.0.1", "localhost"));
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(discovering(), token()));
        assertEquals(0, idp.hits(), "no keys fetched");
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("another host")), log.warnings().toString());
    }

    @Test
    void missingMetadataIsAFailedFetch() {
        assertEquals(RejectionReason.KEY_UNAVAILABLE, rejection(discovering(), token()));
        assertTrue(log.warnings().stream().anyMatch(w -> w.contains("discovery document: HTTP 404")),
                log.warnings().toString());
    }
}
