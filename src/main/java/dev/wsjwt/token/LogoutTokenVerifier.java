package dev.wsjwt.token;

import java.security.InvalidKeyException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;

/**
 * Validates a logout token as OpenID Connect Back-Channel Logout 1.0 (section 2.6) says: signed
 * by the issuer's keys (the key set access tokens are verified with, behind the same header
 * guard), {@code iss}, {@code aud} one of the logout audiences, {@code iat} present and within
 * the skew (and at most {@link #MAX_AGE} old), {@code exp} when present, {@code jti} present,
 * {@code events} holding the back-channel logout event, a {@code sid} or a {@code sub}, no
 * {@code nonce}, and a {@code typ} header of {@code logout+jwt} when typed. Replay ({@code jti}
 * seen before) is the caller's check. Built once; thread-safe.
 */
public final class LogoutTokenVerifier {

    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** How old a logout token may be: the specification suggests a lifetime of two minutes. */
    public static final Duration MAX_AGE = Duration.ofMinutes(2);
    private static final int MAX_LENGTH = 16 * 1024;

    /** Why a logout token was refused: the check that failed, never the token. */
    public static final class RejectedException extends Exception {
        public RejectedException(String check) {
            super(check, null, false, false);
        }
    }

    private final JwtConsumer consumer;
    private final Duration replayWindow;

    public LogoutTokenVerifier(String issuer, Set<String> audiences, Set<String> algorithms, Duration clockSkew,
                               VerificationKeyResolver keys) {
        int skew = (int) clockSkew.toSeconds();
        this.consumer = new JwtConsumerBuilder()
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, audiences.toArray(String[]::new))
                .setRequireIssuedAt()
                .setIssuedAtRestrictions(skew, (int) MAX_AGE.toSeconds() + skew)
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skew)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithms.toArray(String[]::new))
                .setVerificationKeyResolver(new HeaderGuard(algorithms, keys))
                .build();
        this.replayWindow = MAX_AGE.plus(clockSkew.multipliedBy(2));
    }

    /** How long a {@code jti} must be remembered: longer than any logout token is accepted. */
    public Duration replayWindow() {
        return replayWindow;
    }

    public LogoutToken verify(String token) throws RejectedException {
        if (token == null || token.isEmpty()) {
            throw new RejectedException("missing logout_token");
        }
        if (token.length() > MAX_LENGTH) {
            throw new RejectedException("logout token too long");
        }
        long dots = token.chars().filter(c -> c == '.').count();
        if (dots == 4) {
            throw new RejectedException("encrypted logout tokens are not supported");
        }
        if (dots != 2) {
            throw new RejectedException("malformed logout token (not a signed JWT)");
        }
        JwtContext context;
        try {
            context = consumer.process(token);
        } catch (InvalidJwtException e) {
            throw translate(e);
        }
        JsonWebStructure jws = context.getJoseObjects().get(0);
        String typ = jws.getHeader("typ");
        // Typed logout tokens say logout+jwt; "JWT" is the generic type, which says nothing (Keycloak sends it).
        if (typ != null && !typ.equalsIgnoreCase("logout+jwt") && !typ.equalsIgnoreCase("application/logout+jwt")
                && !typ.equalsIgnoreCase("JWT")) {
            throw new RejectedException("wrong token type (typ " + HeaderGuard.sanitize(typ) + ", expected logout+jwt)");
        }
        Map<String, Object> claims = context.getJwtClaims().getClaimsMap();
        if (claims.containsKey("nonce")) {
            throw new RejectedException("nonce not allowed in a logout token");
        }
        if (!(claims.get("events") instanceof Map<?, ?> events)) {
            throw new RejectedException("missing claim: events");
        }
        if (!(events.get(EVENT) instanceof Map<?, ?>)) {
            throw new RejectedException("events does not hold " + EVENT + " (as a JSON object)");
        }
        Optional<String> sid = text(claims, "sid");
        Optional<String> sub = text(claims, "sub");
        if (sid.isEmpty() && sub.isEmpty()) {
            throw new RejectedException("neither sid nor sub");
        }
        Optional<String> jti = text(claims, "jti");
        if (jti.isEmpty()) {
            throw new RejectedException("missing claim: jti");
        }
        return new LogoutToken((String) claims.get("iss"), jti.get(), sid, sub);
    }

    private static Optional<String> text(Map<String, Object> claims, String name) throws RejectedException {
        Object value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s) || s.isEmpty() || s.length() > 1024) {
            throw new RejectedException("claim " + name + " is not a string");
        }
        return Optional.of(s);
    }

    private static RejectedException translate(InvalidJwtException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof KeyRefusal refusal) {
                return new RejectedException(refusal.getMessage());
            }
            if (cause instanceof InvalidAlgorithmException) {
                return new RejectedException("algorithm not allowed");
            }
            if (cause instanceof InvalidKeyException) {
                return new RejectedException("signing key too weak");
            }
        }
        for (var check : new Object[][] {
                {ErrorCodes.SIGNATURE_INVALID, "bad signature"},
                {ErrorCodes.SIGNATURE_MISSING, "not signed"},
                {ErrorCodes.AUDIENCE_MISSING, "missing claim: aud"},
                {ErrorCodes.AUDIENCE_INVALID, "wrong audience (aud): not one of " + "wsjwt.logout.audiences"},
                {ErrorCodes.ISSUER_MISSING, "missing claim: iss"},
                {ErrorCodes.ISSUER_INVALID, "wrong issuer (iss)"},
                {ErrorCodes.ISSUED_AT_MISSING, "missing claim: iat"},
                {ErrorCodes.ISSUED_AT_INVALID_FUTURE, "iat in the future"},
                {ErrorCodes.ISSUED_AT_INVALID_PAST, "too old (iat more than " + MAX_AGE.toSeconds() + "s ago)"},
                {ErrorCodes.EXPIRED, "expired (exp)"},
                {ErrorCodes.NOT_YET_VALID, "not yet valid (nbf)"},
                {ErrorCodes.JWT_ID_MISSING, "missing claim: jti"}}) {
            if (e.hasErrorCode((Integer) check[0])) {
                return new RejectedException((String) check[1]);
            }
        }
        return new RejectedException("malformed logout token");
    }
}
