package dev.wsjwt.token;

import java.security.Key;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/** Keys fixed at start-up (PEM, JWK or JWKS from a file, the classpath or inline). */
final class StaticKeyResolver implements VerificationKeyResolver {

    private final List<JsonWebKey> keys;
    private final VerificationJwkSelector selector = new VerificationJwkSelector();

    StaticKeyResolver(List<JsonWebKey> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        JsonWebKey key;
        try {
            key = selector.select(jws, keys);
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
}
