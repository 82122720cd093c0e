package dev.wsjwt.token;

import dev.wsjwt.config.ClaimRequirement;
import dev.wsjwt.config.VerifySettings;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.Key;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.SubValidator;
import org.jose4j.jwt.consumer.TypeValidator;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;

/**
 * Verifies an access token into a {@link JwtPrincipal}, or refuses it with one
 * {@link RejectionReason}. Built once from the settings; thread-safe (jose4j's
 * {@link JwtConsumer} is immutable once built).
 */
public final class TokenVerifier {

    private record Requirement(ClaimPointer pointer, Object expected, String text) {
    }

    private final JwtConsumer consumer;
    private final VerificationKeyResolver keys;
    private final int maxLength;
    private final List<Requirement> requirements;
    private final PermissionExtractor permissions;
    private final Revocations revocations;
    private final VerifiedTokenCache cache;
    private final KeyAvailability availability;

    public TokenVerifier(VerifySettings settings, VerificationKeyResolver keys, Revocations revocations) {
        this(settings, keys, revocations, Clock.systemUTC());
    }

    /**
     * Judging exp, nbf, iat and the cached tokens all by {@code clock}: the one the rest of
     * wsjwt (expiry timers, the dispatcher) reads, so they never disagree about a token.
     */
    public TokenVerifier(VerifySettings settings, VerificationKeyResolver keys, Revocations revocations, Clock clock) {
        this.cache = new VerifiedTokenCache(settings.verifiedCacheSize(), settings.maxTokenAge(), clock);
        this.maxLength = settings.maxTokenLength();
        this.requirements = settings.requiredClaims().stream().map(TokenVerifier::requirement).toList();
        this.permissions = new PermissionExtractor(settings.permissionClaims());
        this.revocations = Objects.requireNonNull(revocations);
        // A resolver that cannot say counts as one that may always wait.
        this.availability = keys instanceof KeyAvailability known ? known : header -> true;
        this.keys = new HeaderGuard(settings.algorithms(), keys);
        this.consumer = consumer(settings, this.keys, clock);
    }

    /**
     * jose4j's default validators, in their order, with its date validator replaced by
     * {@link TokenLifetime}: jose4j's reads an evaluation time fixed at build time, and one
     * consumer per token is what this class exists to avoid.
     */
    private static JwtConsumer consumer(VerifySettings settings, VerificationKeyResolver guardedKeys, Clock clock) {
        String[] algorithms = settings.algorithms().toArray(String[]::new);
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setSkipAllDefaultValidators()
                .registerValidator(new AudValidator(settings.audiences(), true))
                .registerValidator(new IssValidator(settings.issuer().orElseThrow(), true))
                .registerValidator(new TokenLifetime(clock, settings.clockSkew(), settings.maxTokenAge()))
                .registerValidator(new SubValidator(true))
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithms)
                .setVerificationKeyResolver(guardedKeys);
        settings.requiredTyp().ifPresent(typ -> builder.registerValidator(new TypeValidator(true, typ)));
        return builder.build();
    }

    /**
     * Whether {@link #verify} could wait on the network for this token: the key set not fetched
     * yet, or a header (kid, alg) the current key set has not resolved before. Cheap, and it
     * decides nothing: a token it passes is verified in full all the same. A token that cannot
     * reach key resolution (no header segment, too long) is refused without waiting.
     */
    public boolean mayWaitForKeys(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > maxLength) {
            return false;
        }
        return availability.mayWait(token.substring(0, dot));
    }

    public JwtPrincipal verify(String token) throws TokenRejectedException {
        precheck(token);
        ByteBuffer cacheKey = cache.keyFor(token);
        JwtPrincipal principal = cache.get(cacheKey)
                .filter(verified -> keyStillResolves(token, verified.key()))
                .map(verified -> new JwtPrincipal(verified.claims(), token, verified.permissions()))
                .orElse(null);
        if (principal == null) {
            JwtContext context = verifySignature(token);
            try {
                principal = checkClaims(token, context.getJwtClaims().getClaimsMap());
            } catch (RuntimeException e) {
                // Signed by a trusted key, but shaped in a way nothing here expected: refuse it
                // with a reason rather than let the handshake fail with a server error.
                throw new TokenRejectedException(RejectionReason.MALFORMED,
                        "malformed token: claims could not be read (" + e.getClass().getSimpleName() + ")");
            }
            cache.put(cacheKey, principal, ((JsonWebSignature) context.getJoseObjects().get(0)).getKey());
        }
        // Every time, cached or not: a revocation applies to tokens verified before it.
        if (revocations.isRevoked(principal.getSubject(), principal.issuedAt())) {
            throw new TokenRejectedException(RejectionReason.REVOKED, "token revoked: issued before the subject's sessions were revoked");
        }
        if (principal.sessionId().filter(revocations::isLoggedOut).isPresent()) {
            throw new TokenRejectedException(RejectionReason.REVOKED, "token revoked: its session was logged out");
        }
        return principal;
    }

    // visible for testing
    VerifiedTokenCache cache() {
        return cache;
    }

    /**
     * A cached token skips the signature check, not the key lookup: its key must still be the one
     * the key set gives for its header now, so a rotation or a key set that lapsed applies at once.
     */
    private boolean keyStillResolves(String token, Key verifiedWith) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            return verifiedWith.equals(keys.resolveKey(jws, List.of()));
        } catch (JoseException e) {
            return false; // verified in full, which says why
        }
    }

    private JwtContext verifySignature(String token) throws TokenRejectedException {
        try {
            return consumer.process(token);
        } catch (InvalidJwtException e) {
            throw translate(e);
        }
    }

    private JwtPrincipal checkClaims(String token, Map<String, Object> claims) throws TokenRejectedException {
        for (Requirement requirement : requirements) {
            Optional<Object> actual = requirement.pointer().resolve(claims);
            if (actual.isEmpty()) {
                throw new TokenRejectedException(RejectionReason.MISSING_CLAIM,
                        "missing claim: " + requirement.pointer() + " (required " + requirement.text() + ")");
            }
            if (!sameJson(actual.get(), requirement.expected())) {
                throw new TokenRejectedException(RejectionReason.CLAIM_MISMATCH,
                        "claim " + requirement.pointer() + " must be " + requirement.text());
            }
        }
        return new JwtPrincipal(claims, token, permissions.extract(claims));
    }

    /** Cheap structural checks, so that the common mistakes get a message saying what was sent. */
    private void precheck(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.MISSING);
        }
        if (token.length() > maxLength) {
            throw new TokenRejectedException(RejectionReason.TOO_LONG, "token longer than " + maxLength + " characters");
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new TokenRejectedException(RejectionReason.NOT_A_JWT);
            }
        }
        if (dots == 4) {
            throw new TokenRejectedException(RejectionReason.ENCRYPTED);
        }
        if (dots != 2 || token.startsWith(".")) {
            throw new TokenRejectedException(RejectionReason.NOT_A_JWT);
        }
        try {
            byte[] header = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
            if (header.length == 0 || header[0] != '{') {
                throw new TokenRejectedException(RejectionReason.NOT_A_JWT);
            }
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(RejectionReason.NOT_A_JWT);
        }
    }

    private static TokenRejectedException translate(InvalidJwtException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof KeyRefusal refusal) {
                return new TokenRejectedException(refusal.reason(), refusal.getMessage());
            }
            if (cause instanceof InvalidAlgorithmException) {
                return new TokenRejectedException(RejectionReason.ALGORITHM_NOT_ALLOWED);
            }
            if (cause instanceof InvalidKeyException) {
                return new TokenRejectedException(RejectionReason.WEAK_KEY);
            }
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return new TokenRejectedException(RejectionReason.BAD_SIGNATURE);
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            Optional<String> idTokenSign = idTokenSign(e);
            if (idTokenSign.isPresent()) {
                return new TokenRejectedException(RejectionReason.ID_TOKEN,
                        "wrong audience: this looks like an ID token (" + idTokenSign.get() + "); send the access token for this API");
            }
            return e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)
                    ? new TokenRejectedException(RejectionReason.MISSING_CLAIM, "missing claim: aud")
                    : new TokenRejectedException(RejectionReason.WRONG_AUDIENCE, "wrong audience (aud)");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return new TokenRejectedException(RejectionReason.WRONG_ISSUER, "wrong issuer (iss)");
        }
        for (ErrorCodeValidator.Error error : e.getErrorDetails()) {
            if (error.getErrorCode() == TokenLifetime.CLAIMS_DISAGREE) {
                return new TokenRejectedException(RejectionReason.MALFORMED, "malformed token: " + error.getErrorMessage());
            }
        }
        if (e.hasExpired()) {
            return new TokenRejectedException(RejectionReason.EXPIRED);
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return new TokenRejectedException(RejectionReason.NOT_YET_VALID, "token not yet valid (nbf)");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return new TokenRejectedException(RejectionReason.NOT_YET_VALID, "token not yet valid (iat in the future)");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST)) {
            return new TokenRejectedException(RejectionReason.TOO_OLD, "token too old (iat)");
        }
        for (var missing : List.of(Map.entry(ErrorCodes.ISSUER_MISSING, "iss"), Map.entry(ErrorCodes.EXPIRATION_MISSING, "exp"),
                Map.entry(ErrorCodes.SUBJECT_MISSING, "sub"), Map.entry(ErrorCodes.ISSUED_AT_MISSING, "iat"))) {
            if (e.hasErrorCode(missing.getKey())) {
                return new TokenRejectedException(RejectionReason.MISSING_CLAIM, "missing claim: " + missing.getValue());
            }
        }
        if (e.hasErrorCode(ErrorCodes.TYPE_INVALID) || e.hasErrorCode(ErrorCodes.TYPE_MISSING)) {
            return new TokenRejectedException(RejectionReason.WRONG_TYPE);
        }
        return new TokenRejectedException(RejectionReason.MALFORMED);
    }

    /**
     * What marks a token refused for its audience as an OpenID Connect ID token: a {@code nonce},
     * or Keycloak's {@code typ} claim {@code "ID"} (its ID tokens carry no nonce unless the client
     * sent one; its access tokens say {@code "Bearer"}).
     */
    private static Optional<String> idTokenSign(InvalidJwtException e) {
        JwtContext context = e.getJwtContext();
        JwtClaims claims = context == null ? null : context.getJwtClaims();
        if (claims == null) {
            return Optional.empty();
        }
        if (claims.hasClaim("nonce")) {
            return Optional.of("it has a nonce");
        }
        return "ID".equals(claims.getClaimValue("typ")) ? Optional.of("its typ claim is ID") : Optional.empty();
    }

    private static Requirement requirement(ClaimRequirement claim) {
        Object expected;
        try {
            expected = JsonUtil.parseJson("{\"v\":" + claim.expectedJson() + "}").get("v");
        } catch (JoseException e) {
            // Not JSON: a bare word such as acme means the string "acme".
            expected = claim.expectedJson();
        }
        return new Requirement(ClaimPointer.parse(claim.pointer()), expected, claim.expectedJson());
    }

    private static boolean sameJson(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(actual, expected);
    }
}
