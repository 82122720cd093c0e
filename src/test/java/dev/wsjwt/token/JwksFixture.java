package dev.wsjwt.token;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.config.VerifySettings;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/** A verifier over a remote key set, built as wsjwt builds it, plus JWKS document helpers. */
final class JwksFixture {

    static final String RESOLVER_LOGGER = RemoteJwksResolver.class.getName();

    private JwksFixture() {
    }

    /** Settings for a key location (a URL, or "" for discovery from the issuer), plus extras. */
    static VerifySettings settings(String location, String issuer, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("mp.jwt.verify.publickey.location", location);
        values.put("mp.jwt.verify.issuer", issuer);
        values.put("mp.jwt.verify.audiences", TokenBuilder.AUDIENCE);
        values.put("mp.jwt.verify.publickey.algorithm", "RS256,ES256");
        values.putAll(extra);
        return Settings.from(ConfigLookup.of(values)).verify();
    }

    /** Builds the resolver (which starts its first fetch) and a verifier over it. */
    static TokenVerifier verifier(VerifySettings settings, Clock clock) {
        return new TokenVerifier(settings, KeySources.resolver(settings, clock), Revocations.NONE);
    }

    static String token() {
        return TokenBuilder.token("alice").sign();
    }

    /** Signed with a key the served set does not hold (kid rsa-2). */
    static String unknownKidToken() {
        return TokenBuilder.token("mallory").signedWith(TestKeys.RSA_OTHER, "RS256").sign();
    }

    static RejectionReason rejection(TokenVerifier verifier, String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    static String publicJson(PublicJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    static String keySet(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    static boolean logged(LogCapture log, String text) {
        return !log.containing(java.util.logging.Level.INFO, text).isEmpty();
    }
}
