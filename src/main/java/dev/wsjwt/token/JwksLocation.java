package dev.wsjwt.token;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Where the key set lives: a configured URL, or the {@code jwks_uri} of the issuer's metadata. */
interface JwksLocation {

    CompletableFuture<URI> resolve();

    String describe();

    static JwksLocation fixed(URI uri) {
        CompletableFuture<URI> done = CompletableFuture.completedFuture(uri);
        return new JwksLocation() {
            @Override
            public CompletableFuture<URI> resolve() {
                return done;
            }

            @Override
            public String describe() {
                return uri.toString();
            }
        };
    }

    /**
     * OpenID discovery: {@code <issuer>/.well-known/openid-configuration}. The document must name
     * the configured issuer, and its {@code jwks_uri} must be on the issuer's scheme, host and port:
     * a metadata document that sends us elsewhere for keys is refused.
     */
    final class Discovered implements JwksLocation {
        private final String issuer;
        private final URI metadata;
        private final HttpClient http;
        private final Duration timeout;
        private final JsonProvider json = JsonProvider.provider();
        private volatile URI found;

        Discovered(String issuer, HttpClient http, Duration timeout) {
            this.issuer = issuer;
            this.metadata = URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration");
            this.http = http;
            this.timeout = timeout;
        }

        @Override
        public CompletableFuture<URI> resolve() {
            URI known = found;
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            HttpRequest request = HttpRequest.newBuilder(metadata).timeout(timeout)
                    .header("Accept", "application/json").GET().build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::jwksUri);
        }

        @Override
        public String describe() {
            URI known = found;
            return known != null ? known.toString() : metadata + " (discovery)";
        }

        private URI jwksUri(HttpResponse<String> response) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("discovery document: HTTP " + response.statusCode());
            }
            JsonObject document;
            try (var reader = json.createReader(new StringReader(response.body()))) {
                document = reader.readObject();
            } catch (JsonException | IllegalStateException e) {
                throw new IllegalStateException("discovery document is not a JSON object");
            }
            if (!(document.get("issuer") instanceof JsonString iss) || !iss.getString().equals(issuer)) {
                throw new IllegalStateException("discovery document names another issuer");
            }
            if (!(document.get("jwks_uri") instanceof JsonString jwks)) {
                throw new IllegalStateException("discovery document has no jwks_uri");
            }
            URI uri;
            try {
                uri = URI.create(jwks.getString());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("discovery document has an invalid jwks_uri");
            }
            URI base = URI.create(issuer);
            if (!Objects.equals(uri.getScheme(), base.getScheme()) || !Objects.equals(uri.getHost(), base.getHost())
                    || uri.getPort() != base.getPort()) {
                throw new IllegalStateException("discovery document points to keys on another host than the issuer");
            }
            found = uri;
            return uri;
        }
    }
}
