package dev.wsjwt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.token.KeySources;
import dev.wsjwt.token.RejectionReason;
import dev.wsjwt.token.Revocations;
import dev.wsjwt.token.TokenRejectedException;
import dev.wsjwt.token.TokenVerifier;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link TokenVerifier} the way the server does (settings, key source, revocations),
 * trusting {@link TestKeys#RSA} and {@link TestKeys#EC} inline unless the overrides say otherwise.
 */
public final class Verifiers {

    private Verifiers() {
    }

    public static Settings settings(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("mp.jwt.verify.issuer", TokenBuilder.ISSUER);
        values.put("mp.jwt.verify.audiences", TokenBuilder.AUDIENCE);
        if (!overrides.containsKey("mp.jwt.verify.publickey.location")) {
            values.put("mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA, TestKeys.EC));
        }
        values.putAll(overrides);
        return Settings.from(ConfigLookup.of(values));
    }

    public static TokenVerifier verifier(Map<String, String> overrides, Revocations revocations) {
        return verifier(overrides, revocations, Clock.systemUTC());
    }

    /** Judging exp, nbf and iat (and key set lifetimes) by {@code clock}. */
    public static TokenVerifier verifier(Map<String, String> overrides, Clock clock) {
        return verifier(overrides, Revocations.NONE, clock);
    }

    private static TokenVerifier verifier(Map<String, String> overrides, Revocations revocations, Clock clock) {
        Settings settings = settings(overrides);
        return new TokenVerifier(settings.verify(), KeySources.resolver(settings.verify(), clock), revocations, clock);
    }

    public static TokenVerifier verifier(Map<String, String> overrides) {
        return verifier(overrides, Revocations.NONE);
    }

    public static TokenVerifier verifier() {
        return verifier(Map.of());
    }

    /**
     * Asserts the token is refused for {@code reason}, that the message never contains the token
     * or any of its segments, and returns the message.
     */
    public static String rejection(TokenVerifier verifier, String token, RejectionReason reason) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(reason, e.reason(), () -> "reason; message was: " + e.getMessage());
        assertNoTokenText(e.getMessage(), token);
        return e.getMessage();
    }

    /** No part of a token (whole, header, payload, signature) of useful length appears in {@code text}. */
    public static void assertNoTokenText(String text, String token) {
        if (text == null || token == null || token.isEmpty()) {
            return;
        }
        assertFalse(text.contains(token), () -> "text contains the token: " + text);
        for (String segment : token.split("\\.")) {
            if (segment.length() >= 8) {
                assertFalse(text.contains(segment), () -> "text contains a token segment: " + text);
            }
        }
    }
}
