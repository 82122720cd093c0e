package dev.wsjwt.bench;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.session.RevocationList;
import dev.wsjwt.token.KeySources;
import dev.wsjwt.token.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * wsjwt's {@link TokenVerifier#verify} against a bare jose4j {@link JwtConsumer} holding the same
 * key and making the same checks (exp, sub, iss, aud, algorithm allow-list). Each call verifies
 * the next of 4,096 distinct tokens. {@code wsjwtVerify} runs with the cache of verified tokens
 * off ({@code wsjwt.verify.cache-size=0}): it is the verification itself, compared with jose4j's.
 * {@code wsjwtVerifyCached} runs with the default cache, which after the first pass answers every
 * token from it: what a reconnect with a token the server has seen costs.
 * Run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TokenVerifierBench {

    static final String ISSUER = "https://idp.bench/";
    static final String AUDIENCE = "wsjwt-bench";
    static final int TOKENS = 4096;

    @Param({"RS256", "ES256"})
    public String alg;

    private String[] tokens;
    private int next;
    private TokenVerifier verifier;
    private TokenVerifier cachedVerifier;
    private JwtConsumer bare;

    @Setup
    public void setUp() throws Exception {
        PublicJsonWebKey key = alg.equals("RS256") ? RsaJwkGenerator.generateJwk(2048) : EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("bench-1");
        tokens = new String[TOKENS];
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < TOKENS; i++) {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(ISSUER);
            claims.setAudience(AUDIENCE);
            claims.setSubject("user-" + i);
            claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
            claims.setNotBefore(org.jose4j.jwt.NumericDate.fromSeconds(now));
            claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 7200));
            claims.setStringListClaim("permissions", List.of("chat:read", "chat:write"));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(alg);
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setKey(key.getPrivateKey());
            tokens[i] = jws.getCompactSerialization();
        }
        String jwks = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        verifier = verifier(jwks, "0");
        cachedVerifier = verifier(jwks, "10000");
        bare = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(true, ISSUER)
                .setExpectedAudience(true, AUDIENCE)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, alg)
                .setVerificationKey(key.getPublicKey())
                .build();
    }

    private TokenVerifier verifier(String jwks, String cacheSize) {
        Settings settings = Settings.from(ConfigLookup.of(Map.of(
                "mp.jwt.verify.publickey", jwks,
                "mp.jwt.verify.publickey.algorithm", alg,
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE,
                "wsjwt.verify.cache-size", cacheSize)));
        return new TokenVerifier(settings.verify(), KeySources.resolver(settings.verify(), Clock.systemUTC()),
                new RevocationList(Duration.ofHours(1)));
    }

    private String nextToken() {
        next = (next + 1) & (TOKENS - 1);
        return tokens[next];
    }

    @Benchmark
    public Object wsjwtVerify() throws Exception {
        return verifier.verify(nextToken());
    }

    @Benchmark
    public Object wsjwtVerifyCached() throws Exception {
        return cachedVerifier.verify(nextToken());
    }

    @Benchmark
    public Object bareJose4j() throws Exception {
        return bare.processToClaims(nextToken());
    }
}
