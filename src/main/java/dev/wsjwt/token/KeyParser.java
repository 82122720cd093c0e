package dev.wsjwt.token;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Reads verification keys from text: a JWKS or a single JWK (as JSON, or base64url-encoded), a
 * PEM public key or certificate, or base64 of the DER public key, as MicroProfile JWT allows.
 * Messages never echo the input.
 */
final class KeyParser {

    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    private KeyParser() {
    }

    static List<JsonWebKey> parse(String text) {
        String trimmed = text.trim();
        // MicroProfile JWT 2.1: a JWK or JWKS may also come base64url-encoded.
        String json = base64UrlJson(trimmed);
        if (json != null) {
            trimmed = json;
        }
        try {
            if (trimmed.startsWith("{")) {
                return trimmed.contains("\"keys\"")
                        ? List.copyOf(new JsonWebKeySet(trimmed).getJsonWebKeys())
                        : List.of(JsonWebKey.Factory.newJwk(trimmed));
            }
            if (trimmed.startsWith("-----BEGIN CERTIFICATE-----")) {
                PublicKey key = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(trimmed.getBytes(StandardCharsets.US_ASCII)))
                        .getPublicKey();
                return List.of(PublicJsonWebKey.Factory.newPublicJwk(key));
            }
            if (trimmed.startsWith("-----BEGIN PRIVATE KEY-----") || trimmed.contains("PRIVATE KEY-----")) {
                throw new IllegalArgumentException("a private key was given; configure the public key");
            }
            String base64 = trimmed.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getMimeDecoder().decode(base64);
            return List.of(PublicJsonWebKey.Factory.newPublicJwk(publicKey(der)));
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().startsWith("a private key")) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("not a JWKS, JWK, PEM public key or certificate");
        }
    }

    /**
     * The JSON object {@code text} encodes in base64url (padded or not), or null when it is not
     * that: PEM and base64 DER decode to binary, which never starts with a brace.
     */
    private static String base64UrlJson(String text) {
        if (!text.startsWith("ey")) {
            return null; // every base64 encoding of '{' followed by a quote or space starts so
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text.replaceAll("\\s", "")), StandardCharsets.UTF_8).trim();
            return decoded.startsWith("{") ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new GeneralSecurityException("unrecognised public key");
    }
}
