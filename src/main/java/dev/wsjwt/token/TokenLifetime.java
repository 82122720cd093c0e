package dev.wsjwt.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * The time checks of a token ({@code exp}, {@code nbf}, {@code iat} and the token age) against
 * the clock wsjwt was given, in place of jose4j's own date validator, which reads an evaluation
 * time fixed when the consumer is built (the system clock otherwise). Immutable, so the one
 * consumer stays shareable; the clock is read once per token.
 *
 * <p>{@code exp} and {@code nbf} get the clock skew. The token age does not: {@code token.age=4}
 * refuses a token once more than 4 whole seconds have passed since its {@code iat}, as SmallRye
 * JWT and the MicroProfile JWT TCK do (the only leeway is that {@code iat} is in whole seconds).
 * An {@code iat} in the future is refused beyond the skew when an age is configured.
 * Errors carry jose4j's codes, so {@link TokenVerifier} translates them as before, plus
 * {@link #CLAIMS_DISAGREE} for a token whose claims contradict each other.
 */
final class TokenLifetime implements ErrorCodeValidator {

    /** The token's own time claims disagree ({@code exp} before {@code iat}), or one is not a number. */
    static final int CLAIMS_DISAGREE = 0x7701;

    private final Clock clock;
    private final long skewSeconds;
    private final Optional<Duration> maxAge;

    TokenLifetime(Clock clock, Duration skew, Optional<Duration> maxAge) {
        this.clock = clock;
        this.skewSeconds = skew.toSeconds();
        this.maxAge = maxAge;
    }

    @Override
    public Error validate(JwtContext context) {
        JwtClaims claims = context.getJwtClaims();
        NumericDate exp;
        NumericDate nbf;
        NumericDate iat;
        try {
            exp = claims.getExpirationTime();
            nbf = claims.getNotBefore();
            iat = claims.getIssuedAt();
        } catch (MalformedClaimException e) {
            return new Error(CLAIMS_DISAGREE, "a time claim (exp, nbf, iat) is not a number of seconds");
        }
        if (exp == null) {
            return new Error(ErrorCodes.EXPIRATION_MISSING, "no exp");
        }
        long now = clock.instant().getEpochSecond();
        if (now - skewSeconds >= exp.getValue()) {
            return new Error(ErrorCodes.EXPIRED, "expired"); // whatever else is wrong, the plainest reason
        }
        // Before nbf and age: such a token could never be valid, so waiting would not help.
        if (iat != null && exp.isBefore(iat)) {
            return new Error(CLAIMS_DISAGREE, "exp is before iat");
        }
        if (nbf != null && exp.isBefore(nbf)) {
            return new Error(CLAIMS_DISAGREE, "exp is before nbf");
        }
        if (nbf != null && now + skewSeconds < nbf.getValue()) {
            return new Error(ErrorCodes.NOT_YET_VALID, "not yet valid");
        }
        return maxAge.map(age -> checkAge(iat, now, age)).orElse(null);
    }

    private Error checkAge(NumericDate iat, long now, Duration age) {
        if (iat == null) {
            return new Error(ErrorCodes.ISSUED_AT_MISSING, "no iat");
        }
        if (iat.getValue() > now + skewSeconds) {
            return new Error(ErrorCodes.ISSUED_AT_INVALID_FUTURE, "iat in the future");
        }
        if (now - iat.getValue() > age.toSeconds()) {
            return new Error(ErrorCodes.ISSUED_AT_INVALID_PAST, "too old");
        }
        return null;
    }
}
