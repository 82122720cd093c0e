package dev.wsjwt.token;

import static dev.wsjwt.testing.TokenBuilder.token;
import static dev.wsjwt.testing.Verifiers.rejection;
import static dev.wsjwt.testing.Verifiers.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/** One test per {@link RejectionReason} a token can cause, and the accepted shapes. */
class TokenVerifierTest {

    private final TokenVerifier verifier = verifier();

    @Test
    void acceptsValidRs256Token() throws Exception {
        JwtPrincipal principal = verifier.verify(token("alice").sign());
        assertEquals("alice", principal.getSubject());
    }

    @Test
    void oddlyShapedPermissionAndGroupClaimsGiveNoPermissionsRatherThanAnError() throws Exception {
        java.util.Map<String, Object> object = new java.util.HashMap<>();
        object.put("chat:read", true);
        java.util.List<Object> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        withNull.add("chat:write");
        JwtPrincipal principal = verifier.verify(token("odd").claim("groups", 5).claim("scope", object)
                .claim("permissions", withNull).sign());
        assertEquals(java.util.Set.of("chat:write"), principal.permissions());
        assertTrue(principal.getGroups().isEmpty());
    }

    @Test
    void claimWithJsonNullValueIsTreatedAsAbsent() throws Exception {
        String token = token("nullable").claim("nickname", null).sign();
        assertTrue(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8)
                .contains("\"nickname\":null"), "the token carries a JSON null");
        JwtPrincipal principal = verifier.verify(token);
        assertTrue(principal.getClaim("nickname") == null);
        assertTrue(!principal.getClaimNames().contains("nickname"));
    }

    @Test
    void rejectsMissingToken() {
        assertEquals("missing token", rejection(verifier, null, RejectionReason.MISSING));
        assertEquals("missing token", rejection(verifier, "", RejectionReason.MISSING));
    }

    @Test
    void rejectsTokenOverMaxLength() {
        TokenVerifier limited = verifier(Map.of("wsjwt.token.max-length", "100"));
        String message = rejection(limited, token("alice").sign(), RejectionReason.TOO_LONG);
        assertEquals("token longer than 100 characters", message);
    }

    @Test
    void rejectsOpaqueTokenNamingTheAudience() {
        String message = rejection(verifier, "2YotnFZFEjr1zCsicMWpAA", RejectionReason.NOT_A_JWT);
        assertTrue(message.startsWith("not a JWT"), message);
        assertTrue(message.contains("audience"), message);
    }

    @Test
    void rejectsTokenWithCharactersOutsideBase64Url() {
        rejection(verifier, "abc.d+f.ghi", RejectionReason.NOT_A_JWT);
    }

    @Test
    void rejectsEncryptedToken() {
        String jwe = b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a2V5.aXY.Y2lwaGVy.dGFn";
        String message = rejection(verifier, jwe, RejectionReason.ENCRYPTED);
        assertEquals("encrypted tokens (JWE) are not accepted", message);
    }

    @Test
    void rejectsMalformedHeaderJson() {
        String token = b64("{\"alg\":\"RS256\",") + "." + b64("{\"sub\":\"alice\"}") + ".c2ln";
        assertEquals("malformed token", rejection(verifier, token, RejectionReason.MALFORMED));
    }

    @Test
    void rejectsSignedPayloadThatIsNotJson() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("not json at all");
        jws.setAlgorithmHeaderValue("RS256");
        jws.setKeyIdHeaderValue(TestKeys.RSA.getKeyId());
        jws.setKey(TestKeys.RSA.getPrivateKey());
        assertEquals("malformed token", rejection(verifier, jws.getCompactSerialization(), RejectionReason.MALFORMED));
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        String signed = token("alice").sign();
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + signed.split("\\.")[1] + ".";
        String message = rejection(verifier, unsigned, RejectionReason.ALGORITHM_NOT_ALLOWED);
        assertTrue(message.startsWith("algorithm not allowed"), message);
    }

    @Test
    void rejectsHs256SignedWithThePublicKeyAsSecret() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payloadJson(token("alice").sign()));
        jws.setAlgorithmHeaderValue("HS256");
        jws.setKeyIdHeaderValue(TestKeys.RSA.getKeyId());
        jws.setKey(new HmacKey(TestKeys.RSA.getPublicKey().getEncoded()));
        String message = rejection(verifier, jws.getCompactSerialization(), RejectionReason.ALGORITHM_NOT_ALLOWED);
        assertEquals("algorithm not allowed: HS256", message);
    }

    @Test
    void rejectsEs256WhenOnlyRs256IsAllowed() {
        String token = token("alice").signedWith(TestKeys.EC, "ES256").sign();
        assertEquals("algorithm not allowed: ES256", rejection(verifier, token, RejectionReason.ALGORITHM_NOT_ALLOWED));
    }

    @Test
    void rejectsEmbeddedJwkHeader() {
        String token = token("alice").header("jwk", TestKeys.RSA_OTHER.toParams(OutputControlLevel.PUBLIC_ONLY))
                .signedWith(TestKeys.RSA_OTHER, "RS256").sign();
        String message = rejection(verifier, token, RejectionReason.FORBIDDEN_HEADER);
        assertTrue(message.startsWith("header not allowed: 'jwk'"), message);
    }

    @Test
    void rejectsJkuHeader() {
        String token = token("alice").header("jku", "https://attacker.test/jwks.json").sign();
        String message = rejection(verifier, token, RejectionReason.FORBIDDEN_HEADER);
        assertTrue(message.startsWith("header not allowed: 'jku'"), message);
    }

    @Test
    void rejectsX5uHeader() {
        String token = token("alice").header("x5u", "https://attacker.test/cert.pem").sign();
        String message = rejection(verifier, token, RejectionReason.FORBIDDEN_HEADER);
        assertTrue(message.startsWith("header not allowed: 'x5u'"), message);
    }

    @Test
    void rejectsCritHeader() {
        String token = token("alice").header("crit", List.of("exp")).header("exp", 1).sign();
        String message = rejection(verifier, token, RejectionReason.FORBIDDEN_HEADER);
        assertTrue(message.startsWith("header not allowed: 'crit'"), message);
    }

    @Test
    void rejectsWrongTyp() {
        TokenVerifier typed = verifier(Map.of("wsjwt.verify.typ", "at+jwt"));
        rejection(typed, token("alice").header("typ", "JWT").sign(), RejectionReason.WRONG_TYPE);
        String message = rejection(typed, token("alice").sign(), RejectionReason.WRONG_TYPE);
        assertEquals("wrong token type (typ)", message);
    }

    @Test
    void acceptsRequiredTyp() throws Exception {
        TokenVerifier typed = verifier(Map.of("wsjwt.verify.typ", "at+jwt"));
        assertEquals("alice", typed.verify(token("alice").header("typ", "at+jwt").sign()).getSubject());
    }

    @Test
    void rejectsUnknownKey() {
        String token = token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").sign();
        assertEquals("unknown signing key (kid rsa-2)", rejection(verifier, token, RejectionReason.UNKNOWN_KEY));
    }

    @Test
    void namesAnUnknownKeyInAsciiOnly() {
        String longKid = token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").header("kid", "a-very-long-key-id-0123456789").sign();
        assertEquals("unknown signing key (kid a-very-long-key-...)", rejection(verifier, longKid, RejectionReason.UNKNOWN_KEY));
        String foreignKid = token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").header("kid", "schl\u00fcssel").sign();
        assertEquals("unknown signing key (kid schl?ssel)", rejection(verifier, foreignKid, RejectionReason.UNKNOWN_KEY));
    }

    @Test
    void rejectsTamperedPayload() {
        String[] genuine = token("alice").permissions("chat:read").sign().split("\\.");
        String[] other = token("alice").permissions("chat:read", "chat:moderate").sign().split("\\.");
        String tampered = genuine[0] + "." + other[1] + "." + genuine[2];
        assertEquals("bad signature", rejection(verifier, tampered, RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderATrustedKid() {
        String token = token("alice").signedWith(TestKeys.rsa(TestKeys.RSA.getKeyId(), 2048), "RS256").sign();
        rejection(verifier, token, RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void rejectsExpiredToken() {
        assertEquals("token expired", rejection(verifier, token("alice").issuedSecondsAgo(900).expiresIn(-600).sign(), RejectionReason.EXPIRED));
    }

    @Test
    void rejectsTokenBeforeNotBefore() {
        String token = token("alice").claim("nbf", now() + 600).expiresIn(1200).sign();
        assertEquals("token not yet valid (nbf)", rejection(verifier, token, RejectionReason.NOT_YET_VALID));
    }

    @Test
    void rejectsTokenIssuedInTheFutureWhenAgeIsLimited() {
        TokenVerifier aged = verifier(Map.of("mp.jwt.verify.token.age", "300"));
        String token = token("alice").claim("iat", now() + 600).claim("nbf", now()).expiresIn(1200).sign();
        assertEquals("token not yet valid (iat in the future)", rejection(aged, token, RejectionReason.NOT_YET_VALID));
    }

    @Test
    void rejectsTokenOlderThanTokenAge() {
        TokenVerifier aged = verifier(Map.of("mp.jwt.verify.token.age", "60"));
        String token = token("alice").issuedSecondsAgo(600).expiresIn(300).sign();
        assertEquals("token too old (iat)", rejection(aged, token, RejectionReason.TOO_OLD));
    }

    @Test
    void appliesTokenAgeAsConfiguredWithoutStretchingItByTheClockSkew() throws Exception {
        // The MP JWT TCK's token-age case: SmallRye refuses it too. The skew is for exp/nbf.
        MutableClock clock = MutableClock.startingNow();
        TokenVerifier aged = verifier(Map.of("mp.jwt.verify.token.age", "4", "mp.jwt.verify.clock.skew", "60"), clock);
        String token = token("alice").sign();
        assertEquals("alice", aged.verify(token).getSubject());
        clock.advance(Duration.ofSeconds(12));
        assertEquals("token too old (iat)", rejection(aged, token, RejectionReason.TOO_OLD));
    }

    @Test
    void tokenAgeBoundaryIsWholeSecondsAfterIat() throws Exception {
        long iat = now() - 100;
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(iat + 4, 999_000_000));
        TokenVerifier aged = verifier(Map.of("mp.jwt.verify.token.age", "4"), clock);
        String token = token("alice").claim("iat", iat).claim("nbf", iat).sign();
        assertEquals("alice", aged.verify(token).getSubject());
        clock.advance(Duration.ofMillis(1));
        rejection(aged, token, RejectionReason.TOO_OLD);
    }

    @Test
    void rejectsTokenWithoutIatWhenAgeIsLimited() {
        TokenVerifier aged = verifier(Map.of("mp.jwt.verify.token.age", "60"));
        assertEquals("missing claim: iat", rejection(aged, token("alice").without("iat").sign(), RejectionReason.MISSING_CLAIM));
    }

    @Test
    void rejectsWrongIssuer() {
        String token = token("alice").claim("iss", "https://evil.test/").sign();
        assertEquals("wrong issuer (iss)", rejection(verifier, token, RejectionReason.WRONG_ISSUER));
    }

    @Test
    void rejectsMissingIssuer() {
        assertEquals("missing claim: iss", rejection(verifier, token("alice").without("iss").sign(), RejectionReason.MISSING_CLAIM));
    }

    @Test
    void rejectsWrongAudience() {
        String token = token("alice").claim("aud", "another-api").sign();
        assertEquals("wrong audience (aud)", rejection(verifier, token, RejectionReason.WRONG_AUDIENCE));
    }

    @Test
    void rejectsIdTokenSentInsteadOfAccessToken() {
        String token = token("alice").claim("aud", "spa-client-id").claim("nonce", "n-0S6_WzA2Mj").sign();
        String message = rejection(verifier, token, RejectionReason.ID_TOKEN);
        assertTrue(message.contains("ID token"), message);
        assertTrue(message.contains("access token"), message);
    }

    @Test
    void rejectsKeycloakIdTokenByItsTypClaim() {
        // Keycloak marks its tokens in the payload: typ "Bearer" for access, "ID" for ID tokens,
        // which carry no nonce unless the client sent one.
        String token = token("alice").claim("aud", "spa-client-id").claim("typ", "ID").sign();
        String message = rejection(verifier, token, RejectionReason.ID_TOKEN);
        assertTrue(message.contains("ID token"), message);
        assertTrue(message.contains("typ"), message);
    }

    @Test
    void keycloakAccessTokenForAnotherAudienceIsJustTheWrongAudience() {
        String token = token("alice").claim("aud", "account").claim("typ", "Bearer").sign();
        assertEquals("wrong audience (aud)", rejection(verifier, token, RejectionReason.WRONG_AUDIENCE));
    }

    @Test
    void rejectsExpBeforeIatNamingBothClaims() {
        String token = token("alice").claim("iat", now() + 20).claim("nbf", now()).expiresIn(10).sign();
        assertEquals("malformed token: exp is before iat", rejection(verifier, token, RejectionReason.MALFORMED));
    }

    @Test
    void expiredTokenIsRefusedAsExpiredWhateverItsIat() {
        // A client's commonest mistake first: the WsjwtIT token with iat now and exp a minute ago.
        assertEquals("token expired", rejection(verifier, token("alice").expiresIn(-60).sign(), RejectionReason.EXPIRED));
    }

    @Test
    void rejectsExpBeforeNbfNamingBothClaims() {
        String token = token("alice").claim("nbf", now() + 20).expiresIn(10).sign();
        assertEquals("malformed token: exp is before nbf", rejection(verifier, token, RejectionReason.MALFORMED));
    }

    @Test
    void judgesExpNbfAndIatByTheGivenClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.clock.skew", "0"), clock);
        String expiredByTheWallClock = token("alice").issuedSecondsAgo(3700).expiresIn(-60).sign();
        assertEquals("alice", verifier.verify(expiredByTheWallClock).getSubject());
        String valid = token("alice").sign();
        assertEquals("token not yet valid (nbf)", rejection(verifier, valid, RejectionReason.NOT_YET_VALID));
        clock.advance(Duration.ofHours(2));
        assertEquals("token expired", rejection(verifier, valid, RejectionReason.EXPIRED));
    }

    @Test
    void rejectsMissingExp() {
        assertEquals("missing claim: exp", rejection(verifier, token("alice").without("exp").sign(), RejectionReason.MISSING_CLAIM));
    }

    @Test
    void rejectsMissingSub() {
        assertEquals("missing claim: sub", rejection(verifier, token("alice").without("sub").sign(), RejectionReason.MISSING_CLAIM));
    }

    @Test
    void rejectsMissingAud() {
        assertEquals("missing claim: aud", rejection(verifier, token("alice").without("aud").sign(), RejectionReason.MISSING_CLAIM));
    }

    @Test
    void rejectsMissingRequiredClaim() {
        TokenVerifier strict = verifier(Map.of("wsjwt.verify.claims", "/email_verified=true"));
        String message = rejection(strict, token("alice").sign(), RejectionReason.MISSING_CLAIM);
        assertEquals("missing claim: /email_verified (required true)", message);
    }

    @Test
    void rejectsRequiredClaimWithAnotherValue() {
        TokenVerifier strict = verifier(Map.of("wsjwt.verify.claims", "/st-ev/v=true"));
        String token = token("alice").claim("st-ev", Map.of("v", false)).sign();
        assertEquals("claim /st-ev/v must be true", rejection(strict, token, RejectionReason.CLAIM_MISMATCH));
    }

    @Test
    void acceptsRequiredClaimsWithTheirValues() throws Exception {
        TokenVerifier strict = verifier(Map.of("wsjwt.verify.claims", "/st-ev/v=true,/email_verified=true,/level=2"));
        String token = token("alice").claim("st-ev", Map.of("v", true)).claim("email_verified", true).claim("level", 2.0).sign();
        assertEquals("alice", strict.verify(token).getSubject());
    }

    @Test
    void rejectsRevokedToken() {
        Instant cutoff = Instant.now();
        Revocations revokeAlice = subject -> subject.equals("alice") ? Optional.of(cutoff) : Optional.empty();
        TokenVerifier revoking = verifier(Map.of(), revokeAlice);
        String message = rejection(revoking, token("alice").issuedSecondsAgo(10).sign(), RejectionReason.REVOKED);
        assertTrue(message.startsWith("token revoked"), message);
    }

    @Test
    void acceptsTokenOfAnotherSubjectAndTokensIssuedAfterRevocation() throws Exception {
        Instant cutoff = Instant.now().minusSeconds(60);
        Revocations revokeAlice = subject -> subject.equals("alice") ? Optional.of(cutoff) : Optional.empty();
        TokenVerifier revoking = verifier(Map.of(), revokeAlice);
        assertEquals("bob", revoking.verify(token("bob").issuedSecondsAgo(120).sign()).getSubject());
        assertEquals("alice", revoking.verify(token("alice").sign()).getSubject());
    }

    @Test
    void acceptsEs256AndPs256WhenListed() throws Exception {
        TokenVerifier multi = verifier(Map.of("mp.jwt.verify.publickey.algorithm", "RS256,ES256,PS256"));
        assertEquals("rs", multi.verify(token("rs").sign()).getSubject());
        assertEquals("es", multi.verify(token("es").signedWith(TestKeys.EC, "ES256").sign()).getSubject());
        assertEquals("ps", multi.verify(token("ps").signedWith(TestKeys.RSA, "PS256").sign()).getSubject());
    }

    @Test
    void rejectsPs256WhenOnlyRs256IsAllowed() {
        String token = token("alice").signedWith(TestKeys.RSA, "PS256").sign();
        rejection(verifier, token, RejectionReason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void honoursClockSkew() throws Exception {
        String justExpired = token("alice").issuedSecondsAgo(120).expiresIn(-10).sign();
        assertEquals("alice", verifier.verify(justExpired).getSubject());
        rejection(verifier(Map.of("mp.jwt.verify.clock.skew", "0")), justExpired, RejectionReason.EXPIRED);
        String nearlyValid = token("alice").claim("nbf", now() + 10).sign();
        assertEquals("alice", verifier.verify(nearlyValid).getSubject());
        rejection(verifier(Map.of("mp.jwt.verify.clock.skew", "0")), nearlyValid, RejectionReason.NOT_YET_VALID);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String payloadJson(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
