package dev.wsjwt.token;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Reads a fetched JWKS into the keys that may verify tokens. A document that is wrong as a whole
 * (not JSON, duplicate {@code kid}s, symmetric or private key material — someone published the
 * wrong thing) is refused entirely so the last good keys stay in use; a single key of an
 * unsupported kind, or one that cannot be read, is skipped with a note.
 */
final class JwksDocument {

    private JwksDocument() {
    }

    static List<JsonWebKey> parse(String body, Consumer<String> skipped) {
        List<JsonWebKey> keys = new ArrayList<>();
        for (Object entry : entries(body)) {
            // Not jose4j's JsonWebKeySet: it drops a key it cannot read with only a debug line.
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) entry;
                keys.add(JsonWebKey.Factory.newJwk(params));
            } catch (JoseException | RuntimeException e) {
                skipped.accept(describe(entry) + ": unsupported or malformed key");
            }
        }
        Set<String> kids = new HashSet<>();
        for (JsonWebKey key : keys) {
            if (key instanceof OctetSequenceJsonWebKey) {
                throw new IllegalStateException("the key set contains a symmetric key");
            }
            if (key instanceof PublicJsonWebKey pub && pub.getPrivateKey() != null) {
                throw new IllegalStateException("the key set contains private key material");
            }
            if (key.getKeyId() != null && !kids.add(key.getKeyId())) {
                throw new IllegalStateException("the key set has duplicate kid '" + HeaderGuard.sanitize(key.getKeyId()) + "'");
            }
        }
        List<JsonWebKey> accepted = new ArrayList<>();
        for (JsonWebKey key : keys) {
            KeyPolicy.problem(key).ifPresentOrElse(
                    problem -> skipped.accept(KeyPolicy.describe(key) + ": " + problem),
                    () -> accepted.add(key));
        }
        if (accepted.isEmpty()) {
            throw new IllegalStateException("no usable keys in the key set");
        }
        return List.copyOf(accepted);
    }

    private static List<?> entries(String body) {
        try {
            if (JsonUtil.parseJson(body).get("keys") instanceof List<?> entries) {
                return entries;
            }
        } catch (JoseException | RuntimeException e) {
            // fall through
        }
        throw new IllegalStateException("not a valid JWKS document");
    }

    private static String describe(Object entry) {
        if (entry instanceof Map<?, ?> params) {
            String kty = params.get("kty") instanceof String t ? HeaderGuard.sanitize(t) : "?";
            return params.get("kid") instanceof String kid
                    ? "key '" + HeaderGuard.sanitize(kid) + "' (kty " + kty + ")"
                    : "key of kty " + kty + " without kid";
        }
        return "an entry that is not a JSON object";
    }
}
