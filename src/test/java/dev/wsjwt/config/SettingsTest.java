package dev.wsjwt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every setting read once; every bad or contradictory one stops start-up naming its key. */
class SettingsTest {

    @Test
    void appliesTheContractDefaults() {
        Settings settings = Settings.from(ConfigLookup.of(Map.of()));
        assertEquals(Set.of("RS256"), settings.verify().algorithms());
        assertEquals(Duration.ofSeconds(30), settings.verify().clockSkew());
        assertEquals(Optional.empty(), settings.verify().maxTokenAge());
        assertEquals(8192, settings.verify().maxTokenLength());
        assertEquals(List.of("permissions", "scope", "groups"), settings.verify().permissionClaims());
        assertEquals(EnumSet.of(Transport.HEADER, Transport.SUBPROTOCOL, Transport.QUERY, Transport.MESSAGE),
                EnumSet.copyOf(settings.handshake().transports()));
        assertEquals("access_token", settings.handshake().queryParam());
        assertEquals("Bearer", settings.handshake().tokenCookie());
        assertEquals("wsjwt", settings.handshake().subprotocol());
        assertTrue(settings.handshake().anyOrigin());
        assertEquals(HandshakeRefusal.HTTP, settings.handshake().refusal());
        assertEquals(Duration.ofSeconds(10), settings.session().authTimeout());
        assertEquals(Duration.ofSeconds(60), settings.session().expiryWarning());
        assertEquals("127.0.0.1", settings.server().host());
        assertEquals(8025, settings.server().port());
    }

    @Test
    void readsEveryContractKey() {
        Settings settings = Settings.from(ConfigLookup.of(Map.ofEntries(
                Map.entry("mp.jwt.verify.publickey.location", "https://idp.test/jwks"),
                Map.entry("mp.jwt.verify.publickey.algorithm", "RS256, ES256"),
                Map.entry("mp.jwt.verify.issuer", "https://idp.test/"),
                Map.entry("mp.jwt.verify.audiences", "api-1,api-2"),
                Map.entry("mp.jwt.verify.token.age", "600"),
                Map.entry("mp.jwt.verify.clock.skew", "5"),
                Map.entry("mp.jwt.token.header", "Cookie"),
                Map.entry("mp.jwt.token.cookie", "at"),
                Map.entry("wsjwt.token.transports", "header,message"),
                Map.entry("wsjwt.origins", "https://app.test"),
                Map.entry("wsjwt.verify.claims", "/email_verified=true"),
                Map.entry("wsjwt.verify.typ", "at+jwt"),
                Map.entry("wsjwt.connect.permission", "chat:connect"),
                Map.entry("wsjwt.handshake.refusal", "close"))));
        VerifySettings verify = settings.verify();
        assertEquals(Set.of("RS256", "ES256"), verify.algorithms());
        assertEquals(Set.of("api-1", "api-2"), verify.audiences());
        assertEquals(Optional.of(Duration.ofSeconds(600)), verify.maxTokenAge());
        assertEquals(Duration.ofSeconds(5), verify.clockSkew());
        assertEquals(List.of(new ClaimRequirement("/email_verified", "true")), verify.requiredClaims());
        assertEquals(Optional.of("at+jwt"), verify.requiredTyp());
        assertTrue(settings.handshake().headerIsCookie());
        assertEquals("at", settings.handshake().tokenCookie());
        assertEquals(Optional.of("chat:connect"), settings.handshake().connectPermission());
        assertEquals(HandshakeRefusal.CLOSE, settings.handshake().refusal());
    }

    @Test
    void rejectsBadNumberNamingTheKey() {
        assertRejected(Map.of("mp.jwt.verify.clock.skew", "thirty"), "mp.jwt.verify.clock.skew", "'thirty' is not a whole number");
        assertRejected(Map.of("wsjwt.token.max-length", "10"), "wsjwt.token.max-length", "10 is out of range 64..1048576");
        assertRejected(Map.of("wsjwt.port", "70000"), "wsjwt.port", "70000 is out of range 0..65535");
        assertRejected(Map.of("mp.jwt.verify.token.age", "-1"), "mp.jwt.verify.token.age", "-1 is out of range 1..31536000");
        assertRejected(Map.of("wsjwt.ticket.ttl", "121"), "wsjwt.ticket.ttl", "121 is out of range 1..120");
    }

    @Test
    void ticketsAndLogoutAreOffUntilConfigured() {
        Settings defaults = Settings.from(ConfigLookup.of(Map.of()));
        assertEquals(false, defaults.handshake().allows(Transport.TICKET));
        assertEquals(java.time.Duration.ofSeconds(30), defaults.handshake().ticketTtl());
        assertEquals(false, defaults.logout().enabled());
        Settings on = Settings.from(ConfigLookup.of(Map.of("wsjwt.token.transports", "header,ticket",
                "wsjwt.ticket.ttl", "120", "wsjwt.logout.audiences", "spa, web")));
        assertEquals(true, on.handshake().allows(Transport.TICKET));
        assertEquals(java.time.Duration.ofSeconds(120), on.handshake().ticketTtl());
        assertEquals(java.util.Set.of("spa", "web"), on.logout().audiences());
    }

    @Test
    void rejectsUnknownTransport() {
        assertRejected(Map.of("wsjwt.token.transports", "header,carrier-pigeon"), "wsjwt.token.transports",
                "unknown transport 'carrier-pigeon' (use header, subprotocol, query, cookie, message, ticket)");
    }

    @Test
    void rejectsSymmetricAlgorithm() {
        assertRejected(Map.of("mp.jwt.verify.publickey.algorithm", "RS256,HS256"), "mp.jwt.verify.publickey.algorithm",
                "HS256 is symmetric; only public-key algorithms are accepted");
        assertRejected(Map.of("mp.jwt.verify.publickey.algorithm", "none"), "mp.jwt.verify.publickey.algorithm",
                "unsupported algorithm 'none' (supported: RS/PS/ES 256-512, EdDSA)");
    }

    @Test
    void rejectsCookieTransportWithAnyOrigin() {
        ConfigurationException e = assertRejected(Map.of("wsjwt.token.transports", "cookie"), "wsjwt.origins", null);
        assertTrue(e.getMessage().contains("cross-site WebSocket hijacking"), e.getMessage());
        assertRejected(Map.of("mp.jwt.token.header", "Cookie", "wsjwt.origins", "*"), "wsjwt.origins", null);
    }

    @Test
    void rejectsKeyLocationAndInlineKeyTogether() {
        assertRejected(Map.of("mp.jwt.verify.publickey.location", "/etc/key.pem", "mp.jwt.verify.publickey", "{}"),
                "mp.jwt.verify.publickey", "set together with mp.jwt.verify.publickey.location; configure one key source");
    }

    @Test
    void rejectsBadRequiredClaimEntries() {
        assertRejected(Map.of("wsjwt.verify.claims", "/email_verified"), "wsjwt.verify.claims",
                "'/email_verified' is not JSON-pointer=JSON-value (e.g. /email_verified=true)");
        assertRejected(Map.of("wsjwt.verify.claims", "email_verified=true"), "wsjwt.verify.claims",
                "'email_verified' is not a JSON pointer (it starts with '/')");
    }

    @Test
    void rejectsBadRefusalValue() {
        assertRejected(Map.of("wsjwt.handshake.refusal", "silently"), "wsjwt.handshake.refusal",
                "'silently' is not one of [http, close]");
    }

    @Test
    void rejectsOtherBadValues() {
        assertRejected(Map.of("mp.jwt.token.header", "X-Token"), "mp.jwt.token.header", "'X-Token' must be Authorization or Cookie");
        assertRejected(Map.of("wsjwt.subprotocol", "bearer.x"), "wsjwt.subprotocol", "'bearer.x' is not a valid subprotocol name");
        assertRejected(Map.of("wsjwt.token.query-param", "a b"), "wsjwt.token.query-param", "'a b' is not a plain parameter name");
        assertRejected(Map.of("wsjwt.cluster.redis", "http://redis:6379"), "wsjwt.cluster.redis", null);
    }

    @Test
    void requiresIssuerAudienceAndKeyOutsideTheDevelopmentIdentityProvider() {
        ConfigurationException noKey = assertThrows(ConfigurationException.class,
                () -> Settings.from(ConfigLookup.of(Map.of())).requireVerifiable());
        assertEquals("mp.jwt.verify.publickey.location", noKey.key());
        ConfigurationException noIssuer = assertThrows(ConfigurationException.class, () -> Settings.from(ConfigLookup.of(
                Map.of("mp.jwt.verify.publickey.location", "https://idp.test/jwks"))).requireVerifiable());
        assertEquals("mp.jwt.verify.issuer", noIssuer.key());
        ConfigurationException noAudience = assertThrows(ConfigurationException.class, () -> Settings.from(ConfigLookup.of(
                Map.of("mp.jwt.verify.publickey.location", "https://idp.test/jwks", "mp.jwt.verify.issuer", "x"))).requireVerifiable());
        assertEquals("mp.jwt.verify.audiences", noAudience.key());
    }

    private static ConfigurationException assertRejected(Map<String, String> values, String key, String problem) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Settings.from(ConfigLookup.of(values)));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        if (problem != null) {
            assertEquals(key + ": " + problem, e.getMessage());
        }
        return e;
    }
}
