package dev.wsjwt.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID provider (NAV's mock-oauth2-server) on loopback, issuer {@code .../default}.
 *
 * <p>Out of the box every mock-oauth2-server instance signs with the same key (the first of a key
 * file shipped in its jar) under {@code kid} = the issuer id, so a plain restart is no rotation.
 * Here each instance ("generation") signs with a freshly generated RSA key whose {@code kid}
 * names the generation, as a provider that rotates its keys does; {@link #restart()} brings up
 * the next generation on the same port, which is what the wsjwt under test has configured.
 */
public final class MockIdp implements AutoCloseable {

    public static final String ISSUER_ID = "default";
    public static final String CLIENT_ID = "wsjwt-spa";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private int port;
    private String issuer;
    private int generation;
    private MockOAuth2Server server;

    private MockIdp() {
    }

    /**
     * Starts generation 1 on an ephemeral loopback port. The port is picked first and then bound
     * explicitly: MockWebServer sets SO_REUSEADDR only for an explicit port, and without it the
     * old generation's connections keep the port from being bound again by {@link #restart()}.
     */
    public static MockIdp start() {
        MockIdp idp = new MockIdp();
        for (int attempt = 1; ; attempt++) {
            try {
                idp.startGeneration(freeLoopbackPort());
                return idp;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e; // someone took the port between picking and binding, three times
                }
            }
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startGeneration(int bindPort) {
        int nextGeneration = generation + 1;
        MockOAuth2Server next = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new GenerationKeys(ISSUER_ID + "-key-" + nextGeneration))));
        InetAddress loopback;
        try {
            loopback = InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        next.start(loopback, bindPort);
        generation = nextGeneration;
        server = next;
        port = next.baseUrl().port();
        issuer = next.issuerUrl(ISSUER_ID).toString();
        warmUp();
    }

    /**
     * One request before wsjwt's: mock-oauth2-server's first answer in a JVM initialises its whole
     * stack (seconds on a busy machine), which would otherwise count against wsjwt's fetch timeout.
     */
    private void warmUp() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("mock-oauth2-server answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the provider: its port refuses connections until {@link #restart()}. */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /** Stops (if running) and starts the next generation, with new keys, on the same port. */
    public void restart() {
        stop();
        startGeneration(port);
    }

    public int port() {
        return port;
    }

    /**
     * The {@code iss} of its tokens, as mock-oauth2-server names it: {@code issuerUrl("default")},
     * {@code http://localhost:<port>/default} (bound to 127.0.0.1 only). Known while stopped too.
     */
    public String issuer() {
        return issuer;
    }

    /** The JWKS URL the provider's discovery document names. */
    public String jwksUrl() {
        return issuer + "/jwks";
    }

    /** The {@code kid} the running generation signs with. */
    public String currentKid() {
        return ISSUER_ID + "-key-" + generation;
    }

    /** An access token for the audience with a {@code permissions} claim, valid for five minutes. */
    public String token(String subject, String audience, String... permissions) {
        return token(subject, audience, Map.of("permissions", List.of(permissions)));
    }

    public String token(String subject, String audience, Map<String, Object> claims) {
        if (server == null) {
            throw new IllegalStateException("the provider is stopped");
        }
        return server.issueToken(ISSUER_ID, CLIENT_ID, new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT",
                List.of(audience), claims, 300)).serialize();
    }

    /**
     * A back-channel logout token signed with the provider's current key: {@code typ logout+jwt},
     * {@code aud} the client id, the back-channel logout event, and {@code sid}; mock-oauth2-server
     * adds {@code iss}, {@code iat}, {@code exp} and {@code jti}.
     */
    public String logoutToken(String subject, String sid, String clientId) {
        if (server == null) {
            throw new IllegalStateException("the provider is stopped");
        }
        return server.issueToken(ISSUER_ID, clientId, new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "logout+jwt",
                List.of(clientId), Map.of("sid", sid,
                        "events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())), 120)).serialize();
    }

    @Override
    public void close() {
        stop();
    }

    /** One fresh RSA signing key for every issuer id, under a kid naming the generation. */
    private static final class GenerationKeys extends KeyProvider {
        private final JWK key;

        GenerationKeys(String kid) {
            super(List.of());
            try {
                key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public JWK signingKey(String issuerId) {
            return key;
        }
    }
}
