package dev.wsjwt.token;

import static dev.wsjwt.testing.TokenBuilder.token;
import static dev.wsjwt.testing.Verifiers.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.Verifiers;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The verified token as a MicroProfile {@link JsonWebToken}, and the permissions built from it. */
class JwtPrincipalTest {

    private static final long EXP = Instant.now().getEpochSecond() + 300;
    private static final long IAT = Instant.now().getEpochSecond() - 5;

    private final String raw = token("alice")
            .claim("iat", IAT).claim("nbf", IAT).claim("exp", EXP)
            .claim("jti", "id-42")
            .claim("groups", List.of("admins", "staff"))
            .claim("permissions", List.of("chat:read", "chat:write"))
            .claim("level", 3)
            .claim("ratio", 0.5)
            .claim("email_verified", true)
            .claim("address", Map.of("locality", "Lyon"))
            .claim("tags", List.of("a", "b"))
            .sign();

    private final JsonWebToken jwt = verify(Map.of(), raw);

    @Test
    void exposesStandardClaimsThroughJsonWebTokenMethods() {
        assertEquals("alice", jwt.getSubject());
        assertEquals(TokenBuilder.ISSUER, jwt.getIssuer());
        assertEquals(Set.of(TokenBuilder.AUDIENCE), jwt.getAudience());
        assertEquals("id-42", jwt.getTokenID());
        assertEquals(EXP, jwt.getExpirationTime());
        assertEquals(IAT, jwt.getIssuedAtTime());
        assertEquals(Set.of("admins", "staff"), jwt.getGroups());
        assertEquals(raw, jwt.getRawToken());
    }

    @Test
    void namesThePrincipalByUpnThenPreferredUsernameThenSub() {
        assertEquals("alice", jwt.getName());
        assertEquals("alice.smith", verify(Map.of(), token("alice").claim("preferred_username", "alice.smith").sign()).getName());
        assertEquals("alice@corp.test", verify(Map.of(), token("alice").claim("preferred_username", "alice.smith")
                .claim("upn", "alice@corp.test").sign()).getName());
    }

    @Test
    void listsClaimNamesIncludingRawToken() {
        Set<String> names = jwt.getClaimNames();
        assertTrue(names.containsAll(Set.of("iss", "aud", "sub", "exp", "iat", "jti", "groups", "level", "raw_token")), names::toString);
        assertTrue(jwt.containsClaim("level"));
        assertTrue(jwt.containsClaim(Claims.raw_token.name()));
        assertFalse(jwt.containsClaim("absent"));
        assertNull(jwt.getClaim("absent"));
        assertEquals(Optional.empty(), jwt.claim("absent"));
    }

    @Test
    void returnsStandardClaimsInTheirSpecifiedTypes() {
        assertEquals("alice", jwt.<String>getClaim(Claims.sub));
        assertEquals(Long.valueOf(EXP), jwt.<Long>getClaim(Claims.exp));
        assertEquals(Long.valueOf(IAT), jwt.<Long>getClaim("iat"));
        assertEquals(Set.of(TokenBuilder.AUDIENCE), jwt.<Set<String>>getClaim(Claims.aud));
        assertEquals(Set.of("admins", "staff"), jwt.<Set<String>>getClaim(Claims.groups));
        assertEquals(Boolean.TRUE, jwt.<Boolean>getClaim(Claims.email_verified));
        assertEquals(raw, jwt.<String>getClaim(Claims.raw_token));
        assertEquals(Optional.of("id-42"), jwt.claim(Claims.jti));
    }

    @Test
    void returnsCustomClaimsAsJsonValues() {
        assertEquals(3L, assertInstanceOf(JsonNumber.class, jwt.getClaim("level")).longValue());
        assertEquals(0.5, assertInstanceOf(JsonNumber.class, jwt.getClaim("ratio")).doubleValue());
        assertEquals(List.of("a", "b"), assertInstanceOf(JsonArray.class, jwt.getClaim("tags"))
                .getValuesAs(JsonString::getString));
        JsonObject address = assertInstanceOf(JsonObject.class, jwt.getClaim("address"));
        assertEquals("Lyon", address.getString("locality"));
        JsonValue permissions = jwt.getClaim("permissions");
        assertInstanceOf(JsonArray.class, permissions);
    }

    @Test
    void takesPermissionsFromPermissionsScopeAndGroupsByDefault() {
        JwtPrincipal principal = verify(Map.of(), token("alice").permissions("chat:read")
                .claim("scope", " openid  chat:write ").claim("groups", List.of("moderators")).sign());
        assertEquals(Set.of("chat:read", "openid", "chat:write", "moderators"), principal.permissions());
        assertTrue(principal.hasPermission("chat:write"));
        assertFalse(principal.hasPermission("chat:moderate"));
    }

    @Test
    void takesPermissionsFromJsonPointerWhenConfigured() {
        Map<String, String> keycloak = Map.of("wsjwt.permissions.claims", "/realm_access/roles");
        JwtPrincipal principal = verify(keycloak, token("alice").permissions("ignored:here")
                .claim("realm_access", Map.of("roles", List.of("chat:read", "chat:moderate"))).sign());
        assertEquals(Set.of("chat:read", "chat:moderate"), principal.permissions());
    }

    @Test
    void grantsNothingFromClaimsOfAnotherShape() {
        JwtPrincipal principal = verify(Map.of(), token("alice").claim("permissions", Map.of("chat:read", true))
                .claim("groups", 7).sign());
        assertEquals(Set.of(), principal.permissions());
    }

    @Test
    void toStringNeverIncludesTheRawToken() {
        String text = jwt.toString();
        assertTrue(text.contains("sub=alice"), text);
        Verifiers.assertNoTokenText(text, raw);
    }

    private static JwtPrincipal verify(Map<String, String> overrides, String token) {
        try {
            return verifier(overrides).verify(token);
        } catch (TokenRejectedException e) {
            throw new AssertionError(e.reason() + ": " + e.getMessage());
        }
    }
}
