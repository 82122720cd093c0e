package dev.wsjwt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.token.KeySources;
import dev.wsjwt.token.RejectionReason;
import dev.wsjwt.token.Revocations;
import dev.wsjwt.token.TokenRejectedException;
import dev.wsjwt.token.TokenVerifier;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code wsjwt.preset}: tokens shaped like each provider's give the expected permission set. */
class ProviderPresetTest {

    private static final String API = TokenBuilder.AUDIENCE;

    private static Settings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>();
        all.put(Keys.ISSUER, TokenBuilder.ISSUER);
        all.put(Keys.AUDIENCES, API);
        all.putAll(values);
        return Settings.from(ConfigLookup.of(all));
    }

    /** A verifier with an inline key, so the preset's permission claims are all that is tested. */
    private static TokenVerifier verifier(Map<String, String> values) {
        Map<String, String> withKey = new HashMap<>(values);
        withKey.put(Keys.PUBLIC_KEY, TestKeys.jwks(TestKeys.RSA));
        VerifySettings verify = settings(withKey).requireVerifiable().verify();
        return new TokenVerifier(verify, KeySources.resolver(verify, Clock.systemUTC()), Revocations.NONE);
    }

    private static Set<String> permissions(Map<String, String> values, TokenBuilder token) throws Exception {
        return verifier(values).verify(token.sign()).permissions();
    }

    @Test
    void auth0PermissionsAndScope() throws Exception {
        TokenBuilder token = TokenBuilder.token("auth0|64f1")
                .claim("aud", List.of(API, "https://tenant.eu.auth0.com/userinfo"))
                .claim("azp", "spa-client-id")
                .claim("permissions", List.of("chat:read", "chat:write"))
                .claim("scope", "openid profile chat:moderate")
                .claim("groups", List.of("admins"));
        assertEquals(Set.of("chat:read", "chat:write", "openid", "profile", "chat:moderate"),
                permissions(Map.of(Keys.PRESET, "auth0"), token));
    }

    @Test
    void keycloakRealmRolesClientRolesOfTheAudienceAndScope() throws Exception {
        TokenBuilder token = TokenBuilder.token("f3c1-uuid")
                .claim("aud", List.of(API, "account"))
                .claim("realm_access", Map.of("roles", List.of("chat:read", "offline_access")))
                .claim("resource_access", Map.of(
                        API, Map.of("roles", List.of("chat:moderate")),
                        "account", Map.of("roles", List.of("manage-account"))))
                .claim("scope", "profile email");
        assertEquals(Set.of("chat:read", "offline_access", "chat:moderate", "profile", "email"),
                permissions(Map.of(Keys.PRESET, "keycloak"), token));
    }

    @Test
    void keycloakTakesClientRolesOfEveryConfiguredAudience() throws Exception {
        TokenBuilder token = TokenBuilder.token("f3c1-uuid")
                .claim("aud", "account")
                .claim("resource_access", Map.of(
                        API, Map.of("roles", List.of("chat:moderate")),
                        "account", Map.of("roles", List.of("manage-account"))));
        assertEquals(Set.of("chat:moderate", "manage-account"),
                permissions(Map.of(Keys.PRESET, "Keycloak", Keys.AUDIENCES, API + ",account"), token));
    }

    private static TokenBuilder superTokens(Object emailVerified) {
        TokenBuilder token = TokenBuilder.token("fa7a0841-b533-4478-9553-0fde890c3483")
                .claim("sessionHandle", "b7c2e0c4-session")
                .claim("st-perm", Map.of("v", List.of("chat:read", "chat:write"), "t", 1_700_000_000_000L))
                .claim("st-role", Map.of("v", List.of("moderator"), "t", 1_700_000_000_000L));
        return emailVerified == null ? token
                : token.claim("st-ev", Map.of("v", emailVerified, "t", 1_700_000_000_000L));
    }

    @Test
    void superTokensPermissionsAndRoles() throws Exception {
        assertEquals(Set.of("chat:read", "chat:write", "moderator"),
                permissions(Map.of(Keys.PRESET, "supertokens"), superTokens(false)));
    }

    @Test
    void superTokensEmailVerifiedWhenConfigured() throws Exception {
        Map<String, String> values = Map.of(Keys.PRESET, "supertokens", Keys.REQUIRED_CLAIMS, "/st-ev/v=true");
        assertEquals(Set.of("chat:read", "chat:write", "moderator"), permissions(values, superTokens(true)));
        TokenVerifier verifier = verifier(values);
        assertEquals(RejectionReason.CLAIM_MISMATCH, assertThrows(TokenRejectedException.class,
                () -> verifier.verify(superTokens(false).sign())).reason());
        assertEquals(RejectionReason.MISSING_CLAIM, assertThrows(TokenRejectedException.class,
                () -> verifier.verify(superTokens(null).sign())).reason());
    }

    @Test
    void superTokensKeysDefaultToTheJwksUnderTheIssuer() {
        VerifySettings verify = settings(Map.of(Keys.PRESET, "supertokens",
                Keys.ISSUER, "https://api.example.com/auth/")).verify();
        assertEquals(Optional.of("https://api.example.com/auth/jwt/jwks.json"), verify.keyLocation());
        assertFalse(verify.discoversKeys());
    }

    @Test
    void explicitSettingsWinOverThePreset() throws Exception {
        TokenBuilder token = TokenBuilder.token("auth0|64f1")
                .claim("permissions", List.of("chat:read"))
                .claim("groups", List.of("admins"));
        assertEquals(Set.of("admins"),
                permissions(Map.of(Keys.PRESET, "auth0", Keys.PERMISSION_CLAIMS, "groups"), token));

        VerifySettings verify = settings(Map.of(Keys.PRESET, "supertokens",
                Keys.ISSUER, "https://api.example.com/auth",
                Keys.PUBLIC_KEY_LOCATION, "https://keys.example.com/jwks.json")).verify();
        assertEquals(Optional.of("https://keys.example.com/jwks.json"), verify.keyLocation());
    }

    @Test
    void withoutPresetTheDefaultClaimsApply() {
        assertEquals(List.of("permissions", "scope", "groups"), settings(Map.of()).verify().permissionClaims());
    }

    @Test
    void unknownPresetStopsStartUpNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> settings(Map.of(Keys.PRESET, "okta")));
        assertEquals("wsjwt.preset", e.key());
        assertTrue(e.getMessage().startsWith("wsjwt.preset: 'okta'"), e.getMessage());
    }
}
