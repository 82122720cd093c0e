package dev.wsjwt.token;

import static dev.wsjwt.testing.TokenBuilder.token;
import static dev.wsjwt.testing.Verifiers.rejection;
import static dev.wsjwt.testing.Verifiers.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.ConfigurationException;
import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.TestKeys;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where verification keys come from: PEM, JWK, JWKS, inline, file, classpath or a JWKS URL. */
class KeySourcesTest {

    private static final RsaJsonWebKey WEAK = TestKeys.rsa("weak", 1024);

    @TempDir
    Path dir;

    @Test
    void acceptsPemPublicKeyFromFile() throws Exception {
        Path pem = Files.writeString(dir.resolve("public.pem"), pem(TestKeys.RSA.getPublicKey()));
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", pem.toString()));
        assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
        assertEquals("bob", verifier.verify(token("bob").withoutKid().sign()).getSubject());
        TokenVerifier byUri = verifier(Map.of("mp.jwt.verify.publickey.location", pem.toUri().toString()));
        assertEquals("alice", byUri.verify(token("alice").sign()).getSubject());
    }

    @Test
    void rejectsTokenOfAnotherKeyWhenPemKeyIsConfigured() throws Exception {
        Path pem = Files.writeString(dir.resolve("public.pem"), pem(TestKeys.RSA.getPublicKey()));
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", pem.toString()));
        rejection(verifier, token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").sign(), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void acceptsPemPublicKeyFromClasspath() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/public.pem"), pem(TestKeys.RSA.getPublicKey()));
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, original)) {
            thread.setContextClassLoader(loader);
            TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", "classpath:/keys/public.pem"));
            assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void refusesMissingKeyFileNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> verifier(Map.of("mp.jwt.verify.publickey.location", dir.resolve("absent.pem").toString())));
        assertEquals("mp.jwt.verify.publickey.location", e.key());
        assertTrue(e.getMessage().startsWith("mp.jwt.verify.publickey.location: cannot read"), e.getMessage());
    }

    @Test
    void acceptsSingleInlineJwk() throws Exception {
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey", TestKeys.RSA.toJson(OutputControlLevel.PUBLIC_ONLY)));
        assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
        rejection(verifier, token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").sign(), RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void acceptsInlinePemWithoutArmour() throws Exception {
        String der = Base64.getEncoder().encodeToString(TestKeys.RSA.getPublicKey().getEncoded());
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey", der));
        assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
    }

    @Test
    void acceptsBase64UrlEncodedInlineJwksAndJwk() throws Exception {
        // MicroProfile JWT 2.1 allows a JWK or JWKS "Base64 URL encoded" in mp.jwt.verify.publickey.
        Base64.Encoder base64Url = Base64.getUrlEncoder().withoutPadding();
        String jwks = base64Url.encodeToString(TestKeys.jwks(TestKeys.RSA, TestKeys.EC).getBytes(StandardCharsets.UTF_8));
        TokenVerifier fromJwks = verifier(Map.of("mp.jwt.verify.publickey", jwks));
        assertEquals("alice", fromJwks.verify(token("alice").sign()).getSubject());

        String jwk = Base64.getUrlEncoder().encodeToString(
                TestKeys.RSA.toJson(OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8));
        TokenVerifier fromJwk = verifier(Map.of("mp.jwt.verify.publickey", jwk));
        assertEquals("alice", fromJwk.verify(token("alice").sign()).getSubject());
        rejection(fromJwk, token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").sign(), RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void acceptsBase64UrlEncodedJwksInAKeyFile() throws Exception {
        String encoded = Base64.getUrlEncoder().encodeToString(TestKeys.jwks(TestKeys.RSA).getBytes(StandardCharsets.UTF_8));
        Path file = Files.writeString(dir.resolve("jwks.b64"), encoded + "\n");
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", file.toString()));
        assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
    }

    @Test
    void refusesBase64UrlEncodedPrivateJwkAtStartUp() {
        String encoded = Base64.getUrlEncoder().encodeToString(
                TestKeys.RSA.toJson(OutputControlLevel.INCLUDE_PRIVATE).getBytes(StandardCharsets.UTF_8));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> verifier(Map.of("mp.jwt.verify.publickey", encoded)));
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @Test
    void refusesWeakRsaKeyInStaticConfigurationAtStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> verifier(Map.of("mp.jwt.verify.publickey", TestKeys.jwks(WEAK))));
        assertEquals("mp.jwt.verify.publickey", e.key());
        assertEquals("mp.jwt.verify.publickey: key 'weak' RSA key under 2048 bits", e.getMessage());
    }

    @Test
    void refusesWeakRsaPemFileAtStartUp() throws Exception {
        Path pem = Files.writeString(dir.resolve("weak.pem"), pem(WEAK.getPublicKey()));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> verifier(Map.of("mp.jwt.verify.publickey.location", pem.toString())));
        assertEquals("mp.jwt.verify.publickey.location", e.key());
        assertTrue(e.getMessage().endsWith("RSA key under 2048 bits"), e.getMessage());
    }

    @Test
    void refusesPrivateKeyMaterialAtStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> verifier(Map.of("mp.jwt.verify.publickey", TestKeys.RSA.toJson(OutputControlLevel.INCLUDE_PRIVATE))));
        assertEquals("mp.jwt.verify.publickey", e.key());
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @Test
    void refusesGarbageKeyWithoutEchoingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> verifier(Map.of("mp.jwt.verify.publickey", "s3cr3t-not-a-key")));
        assertEquals("mp.jwt.verify.publickey: not a JWKS, JWK, PEM public key or certificate", e.getMessage());
    }

    @Test
    void acceptsKeysFromJwksUrl() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA))) {
            TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", jwks.url()));
            assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
        }
    }

    @Test
    void ignoresWeakRsaKeyInRemoteJwks() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(WEAK, TestKeys.RSA))) {
            TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", jwks.url()));
            String message = rejection(verifier, token("alice").signedWith(WEAK, "RS256").sign(), RejectionReason.UNKNOWN_KEY);
            assertEquals("unknown signing key (kid weak)", message);
            assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
        }
    }

    @Test
    void rejectsWithKeyUnavailableWhenJwksAnswers500() {
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA))) {
            jwks.status(500);
            TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", jwks.url()));
            String message = rejection(verifier, token("alice").sign(), RejectionReason.KEY_UNAVAILABLE);
            assertEquals("signing keys unavailable (key set could not be fetched)", message);
        }
    }

    @Test
    void rejectsWithKeyUnavailableWhenJwksServerIsDown() {
        String url;
        try (JwksServer stopped = new JwksServer(TestKeys.jwks(TestKeys.RSA))) {
            url = stopped.url();
        }
        TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", url));
        rejection(verifier, token("alice").sign(), RejectionReason.KEY_UNAVAILABLE);
    }

    @Test
    void fetchesRotatedKeyForUnknownKid() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA))) {
            TokenVerifier verifier = verifier(Map.of("mp.jwt.verify.publickey.location", jwks.url(),
                    "wsjwt.jwks.min-refresh-interval", "0"));
            assertEquals("alice", verifier.verify(token("alice").sign()).getSubject());
            jwks.serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER));
            assertEquals("bob", verifier.verify(token("bob").signedWith(TestKeys.RSA_OTHER, "RS256").sign()).getSubject());
        }
    }

    private static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
