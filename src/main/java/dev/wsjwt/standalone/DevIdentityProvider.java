package dev.wsjwt.standalone;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A development-only token issuer: an RSA key generated at start, its JWKS, and tokens for any
 * subject and permissions asked for. Anyone who can reach it can mint tokens, which is why it
 * only ever serves loopback callers and only runs when no real key is configured.
 */
public final class DevIdentityProvider {

    public static final String AUDIENCE = "wsjwt-demo";
    public static final Duration MAX_TTL = Duration.ofHours(24);

    private final RsaJsonWebKey key;
    private final String issuer;
    private final Clock clock;

    public DevIdentityProvider(String issuer, Clock clock) {
        try {
            this.key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate the development RSA key", e);
        }
        key.setKeyId("dev-" + UUID.randomUUID().toString().substring(0, 8));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        this.issuer = issuer;
        this.clock = clock;
    }

    public static String issuerFor(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/dev";
    }

    public String issuer() {
        return issuer;
    }

    /** The public key set, as served at {@code /dev/jwks.json}. */
    public String jwks() {
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public String issue(String subject, List<String> permissions, Duration ttl) {
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setNotBefore(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + ttl.toSeconds()));
        claims.setGeneratedJwtId();
        claims.setStringListClaim("permissions", permissions);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "at+jwt");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }
}
