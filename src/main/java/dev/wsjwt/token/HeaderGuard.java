package dev.wsjwt.token;

import java.security.Key;
import java.util.List;
import java.util.Set;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Refuses a token by its JOSE header before any key is looked up: a disallowed algorithm
 * (including {@code none} and HS* "signed" with a public key), a key or key location carried in
 * the token itself, or a critical extension this server does not implement.
 */
final class HeaderGuard implements VerificationKeyResolver {

    private static final List<String> SELF_KEYING_HEADERS = List.of("jwk", "jku", "x5u", "x5c");

    private final Set<String> allowedAlgorithms;
    private final VerificationKeyResolver delegate;

    HeaderGuard(Set<String> allowedAlgorithms, VerificationKeyResolver delegate) {
        this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        this.delegate = delegate;
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !allowedAlgorithms.contains(alg)) {
            throw new KeyRefusal(RejectionReason.ALGORITHM_NOT_ALLOWED,
                    "algorithm not allowed: " + (alg == null ? "(none given)" : sanitize(alg)));
        }
        for (String header : SELF_KEYING_HEADERS) {
            if (jws.getHeaders().getObjectHeaderValue(header) != null) {
                throw new KeyRefusal(RejectionReason.FORBIDDEN_HEADER,
                        "header not allowed: '" + header + "' (keys come only from configuration)");
            }
        }
        if (jws.getHeaders().getObjectHeaderValue("crit") != null) {
            throw new KeyRefusal(RejectionReason.FORBIDDEN_HEADER, "header not allowed: 'crit' (no extensions are supported)");
        }
        return delegate.resolveKey(jws, nesting);
    }

    /**
     * Header values come from the caller: keep them short and printable ASCII before echoing.
     * The ellipsis is three dots: the text goes into {@code WWW-Authenticate}, where a non-ASCII
     * character leaves as some other byte.
     */
    static String sanitize(String value) {
        String printable = value.replaceAll("[^A-Za-z0-9_.:+\\-]", "?");
        return printable.length() > 16 ? printable.substring(0, 16) + "..." : printable;
    }
}
