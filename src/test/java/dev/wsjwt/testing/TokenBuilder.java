package dev.wsjwt.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Signs test tokens: valid by default (iss, aud, sub, iat, nbf, exp in 5 minutes, RS256 with
 * {@link TestKeys#RSA}), with a method per thing a test wants to break.
 */
public final class TokenBuilder {

    public static final String ISSUER = "https://idp.test/";
    public static final String AUDIENCE = "wsjwt-api";

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private PublicJsonWebKey key = TestKeys.RSA;
    private String alg = "RS256";
    private boolean withKid = true;

    private TokenBuilder(String subject) {
        long now = Instant.now().getEpochSecond();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 300);
    }

    public static TokenBuilder token(String subject) {
        return new TokenBuilder(subject);
    }

    public TokenBuilder permissions(String... permissions) {
        return claim("permissions", List.of(permissions));
    }

    /** Expires {@code seconds} from now (negative: in the past). */
    public TokenBuilder expiresIn(long seconds) {
        return claim("exp", Instant.now().getEpochSecond() + seconds);
    }

    public TokenBuilder issuedSecondsAgo(long seconds) {
        return claim("iat", Instant.now().getEpochSecond() - seconds).claim("nbf", Instant.now().getEpochSecond() - seconds);
    }

    public TokenBuilder claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public TokenBuilder without(String claim) {
        claims.remove(claim);
        return this;
    }

    public TokenBuilder header(String name, Object value) {
        headers.put(name, value);
        return this;
    }

    public TokenBuilder signedWith(PublicJsonWebKey key, String alg) {
        this.key = key;
        this.alg = alg;
        return this;
    }

    public TokenBuilder withoutKid() {
        this.withKid = false;
        return this;
    }

    /** The {@code exp} the token will carry, in epoch seconds. */
    public long expiresAt() {
        return ((Number) claims.get("exp")).longValue();
    }

    /**
     * Signs with a {@code groups} claim padded so that the token is a few characters under
     * {@code maxLength}: a Keycloak user in many groups, as far as the limit allows.
     */
    public String signJustUnder(int maxLength) {
        int pad = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            claim("groups", List.of("g".repeat(pad)));
            String token = sign();
            int missing = maxLength - token.length();
            if (missing >= 0 && missing <= 4) {
                return token;
            }
            pad += missing * 3 / 4 + (missing > 0 ? 0 : -1);
        }
        throw new IllegalStateException("could not size a token to " + maxLength);
    }

    public String sign() {
        JwtClaims jwtClaims = new JwtClaims();
        claims.forEach(jwtClaims::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwtClaims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(key.getPrivateKey());
        if (withKid && key.getKeyId() != null) {
            jws.setKeyIdHeaderValue(key.getKeyId());
        }
        headers.forEach(jws::setHeader);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
