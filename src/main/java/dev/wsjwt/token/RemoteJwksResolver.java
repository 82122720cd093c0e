package dev.wsjwt.token;

import dev.wsjwt.config.VerifySettings.JwksSettings;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Keys from a JWKS URL. The key set is cached; an unknown {@code kid} or an expired cache
 * triggers a refresh that is single-flight (every waiting handshake joins the one fetch) and
 * rate-limited (at most one attempt per minimum interval). No handshake waits longer than the
 * fetch timeout. When the provider fails, the last good keys stay in use.
 */
final class RemoteJwksResolver implements VerificationKeyResolver {

    private static final System.Logger LOG = System.getLogger(RemoteJwksResolver.class.getName());
    private static final int MAX_BODY_CHARS = 1 << 20;

    private record Snapshot(List<JsonWebKey> keys, Instant fetchedAt) {
    }

    private final URI uri;
    private final JwksSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final VerificationJwkSelector selector = new VerificationJwkSelector();
    private final Object lock = new Object();

    private volatile Snapshot snapshot;
    // Guarded by lock.
    private CompletableFuture<Snapshot> inFlight;
    private Instant lastAttempt = Instant.MIN;

    RemoteJwksResolver(URI uri, JwksSettings settings, Clock clock) {
        this.uri = uri;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        Snapshot current = snapshot;
        if (current == null || isStale(current)) {
            current = awaitRefresh(current);
        }
        JsonWebKey key = current == null ? null : select(jws, current);
        if (key == null) {
            // An unknown kid may be a rotation: look again, within the rate limit.
            current = awaitRefresh(current);
            key = current == null ? null : select(jws, current);
        }
        if (current == null) {
            throw new KeyRefusal(RejectionReason.KEY_UNAVAILABLE, "signing keys unavailable (key set could not be fetched)");
        }
        if (key == null) {
            String kid = jws.getKeyIdHeaderValue();
            throw new KeyRefusal(RejectionReason.UNKNOWN_KEY,
                    "unknown signing key" + (kid == null ? "" : " (kid " + HeaderGuard.sanitize(kid) + ")"));
        }
        return key.getKey();
    }

    /** Starts the initial fetch without waiting for it, so the first handshake finds keys. */
    void prefetch() {
        refreshIfAllowed();
    }

    private boolean isStale(Snapshot s) {
        return s.fetchedAt().plus(settings.cacheTtl()).isBefore(clock.instant());
    }

    private JsonWebKey select(JsonWebSignature jws, Snapshot s) throws KeyRefusal {
        try {
            return selector.select(jws, s.keys());
        } catch (JoseException e) {
            throw new KeyRefusal(RejectionReason.MALFORMED, "malformed token header");
        }
    }

    /** Joins or starts a refresh and waits for it up to the fetch timeout; returns the newest keys. */
    private Snapshot awaitRefresh(Snapshot seen) {
        CompletableFuture<Snapshot> refresh = refreshIfAllowed();
        if (refresh != null) {
            try {
                refresh.get(settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Logged once by the fetch itself; fall back to what we have.
            }
        }
        Snapshot now = snapshot;
        return now != null ? now : seen;
    }

    private CompletableFuture<Snapshot> refreshIfAllowed() {
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            Instant now = clock.instant();
            if (lastAttempt.plus(settings.minRefreshInterval()).isAfter(now)) {
                return null;
            }
            lastAttempt = now;
            CompletableFuture<Snapshot> fetch = fetch();
            inFlight = fetch;
            fetch.whenComplete((result, failure) -> {
                synchronized (lock) {
                    inFlight = null;
                }
            });
            return fetch;
        }
    }

    private CompletableFuture<Snapshot> fetch() {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.fetchTimeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(this::parse)
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        LOG.log(Level.WARNING, "JWKS fetch from {0} failed: {1}; keeping {2}", uri,
                                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
                                snapshot == null ? "no keys" : "the last good keys");
                    } else {
                        snapshot = result;
                        LOG.log(Level.INFO, "JWKS fetched from {0}: {1} key(s)", uri, result.keys().size());
                    }
                });
    }

    private Snapshot parse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        String body = response.body();
        if (body.length() > MAX_BODY_CHARS) {
            throw new IllegalStateException("key set larger than " + MAX_BODY_CHARS + " characters");
        }
        List<JsonWebKey> accepted = new ArrayList<>();
        try {
            for (JsonWebKey key : new JsonWebKeySet(body).getJsonWebKeys()) {
                KeyPolicy.problem(key).ifPresentOrElse(
                        problem -> LOG.log(Level.WARNING, "JWKS from {0}: ignoring {1}: {2}", uri, KeyPolicy.describe(key), problem),
                        () -> accepted.add(key));
            }
        } catch (JoseException e) {
            throw new IllegalStateException("not a valid JWKS document");
        }
        if (accepted.isEmpty()) {
            throw new IllegalStateException("no usable keys in the key set");
        }
        return new Snapshot(List.copyOf(accepted), clock.instant());
    }

    // visible for testing
    Duration age() {
        Snapshot s = snapshot;
        return s == null ? null : Duration.between(s.fetchedAt(), clock.instant());
    }
}
