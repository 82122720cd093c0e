package dev.wsjwt.token;

import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;

/** Which keys may verify tokens: public signature keys only, RSA of 2048 bits or more. */
final class KeyPolicy {

    static final int MIN_RSA_BITS = 2048;

    private KeyPolicy() {
    }

    /** Why this key must not be used for verification, or empty when it may. */
    static Optional<String> problem(JsonWebKey key) {
        if (!(key instanceof RsaJsonWebKey || key instanceof EllipticCurveJsonWebKey
                || key instanceof OctetKeyPairJsonWebKey)) {
            return Optional.of("unsupported key type '" + key.getKeyType() + "' (symmetric keys are refused)");
        }
        if (((PublicJsonWebKey) key).getPrivateKey() != null) {
            return Optional.of("contains private key material");
        }
        if (Use.ENCRYPTION.equals(key.getUse())) {
            return Optional.of("is an encryption key (use=enc)");
        }
        if (key instanceof RsaJsonWebKey rsa
                && ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength() < MIN_RSA_BITS) {
            return Optional.of("RSA key under " + MIN_RSA_BITS + " bits");
        }
        return Optional.empty();
    }

    static String describe(JsonWebKey key) {
        return key.getKeyId() == null ? key.getKeyType() + " key without kid" : "key '" + key.getKeyId() + "'";
    }
}
