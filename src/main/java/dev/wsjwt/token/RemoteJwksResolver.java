package dev.wsjwt.token;

import dev.wsjwt.config.VerifySettings.JwksSettings;
import dev.wsjwt.ops.Observer;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Keys from a JWKS URL. The key set is cached; an unknown {@code kid} or an expired cache
 * triggers a refresh that is single-flight (every waiting handshake joins the one fetch) and
 * rate-limited (at most one attempt per minimum interval). An unknown {@code kid} met while the
 * rate limit holds (a rotation right after a fetch) waits for the next allowed refresh when that
 * comes within the fetch timeout, with at most {@link #MAX_WAITERS} handshakes so waiting: a flood of
 * made-up {@code kid}s still costs one fetch per interval and ties up a bounded number of threads.
 * No handshake waits longer than the fetch timeout. When the provider fails, the last good keys
 * stay in use.
 */
final class RemoteJwksResolver implements VerificationKeyResolver, KeyAvailability, KeyStatus {

    private static final System.Logger LOG = System.getLogger(RemoteJwksResolver.class.getName());
    private static final int MAX_BODY_CHARS = 1 << 20;
    private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*\"?(\\d{1,9})");

    private record Snapshot(List<JsonWebKey> keys, Instant fetchedAt, Duration ttl) {
    }

    private final JwksLocation location;
    private final JwksSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Observer observer;
    private final VerificationJwkSelector selector = new VerificationJwkSelector();
    private final Object lock = new Object();

    /**
     * Encoded headers a key was found for, each with the key set it was found in: a token
     * carrying one is resolved from that same key set without waiting. Bounded: a flood of
     * made-up headers only clears it (those tokens then count as "may wait").
     */
    private final Map<String, Snapshot> resolvedHeaders = new ConcurrentHashMap<>();
    private static final int MAX_RESOLVED_HEADERS = 256;

    /** Handshakes that may wait out the rate limit at once; more are answered from the keys at hand. */
    static final int MAX_WAITERS = 16;
    private final AtomicInteger waiters = new AtomicInteger();

    private volatile Snapshot snapshot;
    // Guarded by lock: the fetch running or scheduled, and when the last one started (or will).
    private CompletableFuture<Snapshot> inFlight;
    private CompletableFuture<Snapshot> deferred; // inFlight, when it waits out the rate limit
    private Instant lastAttempt = Instant.MIN;

    RemoteJwksResolver(URI uri, JwksSettings settings, Clock clock) {
        this(uri, settings, clock, Observer.NONE);
    }

    RemoteJwksResolver(URI uri, JwksSettings settings, Clock clock, Observer observer) {
        this(http(settings), null, uri, settings, clock, observer);
    }

    /** Keys from the issuer's OpenID discovery document. */
    static RemoteJwksResolver discovering(String issuer, JwksSettings settings, Clock clock, Observer observer) {
        return new RemoteJwksResolver(http(settings), issuer, null, settings, clock, observer);
    }

    private RemoteJwksResolver(HttpClient http, String issuer, URI uri, JwksSettings settings, Clock clock,
                               Observer observer) {
        this.observer = observer;
        this.http = http;
        this.location = issuer != null
                ? new JwksLocation.Discovered(issuer, http, settings.fetchTimeout())
                : JwksLocation.fixed(uri);
        this.settings = settings;
        this.clock = clock;
    }

    private static HttpClient http(JwksSettings settings) {
        // Redirects are not followed: a key set is fetched from where it was configured, and a
        // redirect loop is just a failed fetch.
        return HttpClient.newBuilder()
                .connectTimeout(settings.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public boolean mayWait(String encodedHeader) {
        Snapshot current = usable(snapshot);
        return current == null || resolvedHeaders.get(encodedHeader) != current;
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        Snapshot current = usable(snapshot);
        if (current == null) {
            current = usable(awaitRefresh(null));
        } else if (isStale(current)) {
            // Serve from the keys we have while the refresh runs: an IdP blip must not stall handshakes.
            refreshIfAllowed();
        }
        JsonWebKey key = current == null ? null : select(jws, current);
        if (key == null) {
            // An unknown kid may be a rotation: look again, within the rate limit.
            current = usable(awaitRefresh(current));
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
        remember(jws.getHeaders().getEncodedHeader(), current);
        return key.getKey();
    }

    private void remember(String encodedHeader, Snapshot resolvedIn) {
        if (encodedHeader == null || resolvedHeaders.get(encodedHeader) == resolvedIn) {
            return; // the common case on the handshake path: known already, no write
        }
        if (resolvedHeaders.size() >= MAX_RESOLVED_HEADERS) {
            resolvedHeaders.clear();
        }
        resolvedHeaders.put(encodedHeader, resolvedIn);
    }

    /** Starts the initial fetch without waiting for it, so the first handshake finds keys. */
    void prefetch() {
        refreshIfAllowed();
    }

    private boolean isStale(Snapshot s) {
        return s.fetchedAt().plus(s.ttl()).isBefore(clock.instant());
    }

    /** Keys past their lifetime plus the grace period are no longer trusted, refresh or not. */
    private Snapshot usable(Snapshot s) {
        if (s == null || s.fetchedAt().plus(s.ttl()).plus(settings.staleGrace()).isBefore(clock.instant())) {
            return null;
        }
        return s;
    }

    private JsonWebKey select(JsonWebSignature jws, Snapshot s) throws KeyRefusal {
        try {
            return selector.select(jws, s.keys());
        } catch (JoseException e) {
            throw new KeyRefusal(RejectionReason.MALFORMED, "malformed token header");
        }
    }

    /**
     * Joins, starts or schedules a refresh and waits for it up to the fetch timeout; returns the
     * newest keys. Beyond {@link #MAX_WAITERS} waiting handshakes, returns at once.
     */
    private Snapshot awaitRefresh(Snapshot seen) {
        CompletableFuture<Snapshot> refresh = refreshSoon();
        if (refresh == null) {
            return newest(seen);
        }
        // Joining a fetch that runs now is what every handshake on a cold cache does: unbounded,
        // as before. Waiting out the rate limit is what a flood of made-up kids would do: bounded.
        boolean bounded = isDeferred(refresh);
        if (bounded && waiters.incrementAndGet() > MAX_WAITERS) {
            waiters.decrementAndGet();
            return newest(seen);
        }
        try {
            refresh.get(settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Logged once by the fetch itself; fall back to what we have.
        } finally {
            if (bounded) {
                waiters.decrementAndGet();
            }
        }
        return newest(seen);
    }

    private boolean isDeferred(CompletableFuture<Snapshot> refresh) {
        synchronized (lock) {
            return refresh == deferred;
        }
    }

    private Snapshot newest(Snapshot seen) {
        Snapshot now = snapshot;
        return now != null ? now : seen;
    }

    /** The refresh running, one started now, or none when the rate limit holds (background refreshes). */
    private CompletableFuture<Snapshot> refreshIfAllowed() {
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            Instant now = clock.instant();
            return lastAttempt.plus(settings.minRefreshInterval()).isAfter(now) ? null : start(fetch());
        }
    }

    /**
     * As {@link #refreshIfAllowed}, but while the rate limit holds, a refresh scheduled for the
     * moment it lifts, if that comes within the fetch timeout (else null). The scheduled attempt
     * counts as made at that moment, so the limit of one attempt per interval stands.
     */
    private CompletableFuture<Snapshot> refreshSoon() {
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            Instant now = clock.instant();
            Instant allowedAt = lastAttempt.plus(settings.minRefreshInterval());
            if (!allowedAt.isAfter(now)) {
                return start(fetch());
            }
            Duration wait = Duration.between(now, allowedAt);
            if (wait.compareTo(settings.fetchTimeout()) >= 0) {
                return null;
            }
            CompletableFuture<Snapshot> scheduled = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                    fetch().whenComplete((result, failure) -> {
                        if (failure != null) {
                            scheduled.completeExceptionally(failure);
                        } else {
                            scheduled.complete(result);
                        }
                    }));
            CompletableFuture<Snapshot> started = start(scheduled);
            lastAttempt = allowedAt;
            deferred = scheduled;
            return started;
        }
    }

    // Guarded by lock.
    private CompletableFuture<Snapshot> start(CompletableFuture<Snapshot> fetch) {
        lastAttempt = clock.instant();
        inFlight = fetch;
        fetch.whenComplete((result, failure) -> {
            synchronized (lock) {
                inFlight = null;
                deferred = null;
            }
        });
        return fetch;
    }

    private CompletableFuture<Snapshot> fetch() {
        return location.resolve()
                .thenCompose(uri -> http.sendAsync(HttpRequest.newBuilder(uri)
                        .timeout(settings.fetchTimeout())
                        .header("Accept", "application/json")
                        .GET()
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .thenApply(this::parse)
                .whenComplete((result, failure) -> {
                    observer.jwksFetch(failure == null);
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        LOG.log(Level.WARNING, "JWKS fetch from {0} failed: {1}; keeping {2}", location.describe(),
                                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
                                snapshot == null ? "no keys" : "the last good keys");
                    } else {
                        snapshot = result;
                        // Numbers as plain strings: MessageFormat would group them by locale ("3,600s").
                        LOG.log(Level.INFO, "JWKS fetched from {0}: {1} key(s), cached for {2}s", location.describe(),
                                String.valueOf(result.keys().size()), String.valueOf(result.ttl().toSeconds()));
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
        List<JsonWebKey> keys = JwksDocument.parse(body, skipped ->
                LOG.log(Level.WARNING, "JWKS from {0}: ignoring {1}", location.describe(), skipped));
        return new Snapshot(keys, clock.instant(), ttl(response));
    }

    /** {@code Cache-Control: max-age}, kept between the refresh interval and the configured maximum. */
    private Duration ttl(HttpResponse<?> response) {
        Duration ttl = settings.cacheTtl();
        for (String value : response.headers().allValues("Cache-Control")) {
            Matcher m = MAX_AGE.matcher(value);
            if (m.find()) {
                ttl = Duration.ofSeconds(Long.parseLong(m.group(1)));
            }
        }
        if (ttl.compareTo(settings.minRefreshInterval()) < 0) {
            return settings.minRefreshInterval();
        }
        return ttl.compareTo(settings.maxCacheTtl()) > 0 ? settings.maxCacheTtl() : ttl;
    }

    @Override
    public int keysHeld() {
        Snapshot s = snapshot;
        return s == null ? 0 : s.keys().size();
    }

    @Override
    public Optional<Duration> sinceLastGoodFetch() {
        Snapshot s = snapshot;
        return s == null ? Optional.empty() : Optional.of(Duration.between(s.fetchedAt(), clock.instant()));
    }

    @Override
    public boolean usable() {
        Snapshot s = usable(snapshot);
        return s != null && !s.keys().isEmpty();
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public void refreshIfStale() {
        Snapshot s = snapshot;
        if (s == null || isStale(s)) {
            refreshIfAllowed();
        }
    }

    // visible for testing
    Duration age() {
        Snapshot s = snapshot;
        return s == null ? null : Duration.between(s.fetchedAt(), clock.instant());
    }
}
