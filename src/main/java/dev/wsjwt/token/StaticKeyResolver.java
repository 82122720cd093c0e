package dev.wsjwt.token;

import java.security.Key;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.SimpleJwkFilter;
import org.jose4j.jwk.Use;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/** Keys fixed at start-up (PEM, JWK or JWKS from a file, the classpath or inline). */
final class StaticKeyResolver implements VerificationKeyResolver, KeyAvailability, KeyStatus {

    private final List<JsonWebKey> keys;
    private final VerificationJwkSelector selector = new VerificationJwkSelector();

    StaticKeyResolver(List<JsonWebKey> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public boolean mayWait(String encodedHeader) {
        return false;
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        JsonWebKey key;
        try {
            key = selector.select(jws, keys);
            if (key == null && jws.getKeyIdHeaderValue() != null) {
                key = keyWithoutKid(jws);
            }
        } catch (JoseException e) {
            throw new KeyRefusal(RejectionReason.MALFORMED, "malformed token header");
        }
        // Outside the try: KeyRefusal is itself a JoseException and must not become MALFORMED.
        if (key == null) {
            throw new KeyRefusal(RejectionReason.UNKNOWN_KEY, "unknown signing key"
                    + (jws.getKeyIdHeaderValue() == null ? "" : " (kid " + HeaderGuard.sanitize(jws.getKeyIdHeaderValue()) + ")"));
        }
        return key.getKey();
    }

    /**
     * A PEM key (or a JWK without {@code kid}) names no key id, so it cannot match the {@code kid}
     * every real provider puts in its tokens: as in MicroProfile JWT, such a key verifies tokens
     * whatever their {@code kid}, when it is the only kid-less candidate for the algorithm.
     */
    private JsonWebKey keyWithoutKid(JsonWebSignature jws) throws JoseException {
        SimpleJwkFilter filter = new SimpleJwkFilter();
        filter.setKty(jws.getKeyType());
        filter.setUse(Use.SIGNATURE, SimpleJwkFilter.OMITTED_OKAY);
        filter.setAlg(jws.getAlgorithmHeaderValue(), SimpleJwkFilter.OMITTED_OKAY);
        List<JsonWebKey> candidates = filter.filter(keys.stream().filter(k -> k.getKeyId() == null).toList());
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    @Override
    public int keysHeld() {
        return keys.size();
    }

    @Override
    public java.util.Optional<java.time.Duration> sinceLastGoodFetch() {
        return java.util.Optional.empty();
    }

    @Override
    public boolean usable() {
        return !keys.isEmpty();
    }

    @Override
    public boolean remote() {
        return false;
    }
}
