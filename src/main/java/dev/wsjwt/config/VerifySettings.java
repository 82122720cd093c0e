package dev.wsjwt.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a token must satisfy. {@code keyLocation} and {@code inlineKey} are mutually exclusive;
 * with neither, only the standalone development identity provider can supply keys.
 * {@code verifiedCacheSize} bounds the cache of verified tokens (0: no cache).
 */
public record VerifySettings(
        Optional<String> keyLocation,
        Optional<String> inlineKey,
        Set<String> algorithms,
        Optional<String> issuer,
        Set<String> audiences,
        Optional<Duration> maxTokenAge,
        Duration clockSkew,
        Optional<String> requiredTyp,
        List<ClaimRequirement> requiredClaims,
        List<String> permissionClaims,
        int maxTokenLength,
        boolean discovery,
        JwksSettings jwks,
        int verifiedCacheSize) {

    public VerifySettings {
        algorithms = Set.copyOf(algorithms);
        audiences = Set.copyOf(audiences);
        requiredClaims = List.copyOf(requiredClaims);
        permissionClaims = List.copyOf(permissionClaims);
    }

    public boolean keysConfigured() {
        return keyLocation.isPresent() || inlineKey.isPresent() || discoversKeys();
    }

    /** Keys come from the issuer's OpenID discovery document ({@code jwks_uri}). */
    public boolean discoversKeys() {
        return discovery && keyLocation.isEmpty() && inlineKey.isEmpty() && issuer.isPresent();
    }

    /**
     * How a remote key set is fetched and cached: {@code cacheTtl} when the provider sends no
     * {@code Cache-Control: max-age}, which is otherwise honoured up to {@code maxCacheTtl}; the
     * last good keys stay in use for {@code staleGrace} after they expire while refreshes fail.
     */
    public record JwksSettings(Duration fetchTimeout, Duration minRefreshInterval, Duration cacheTtl,
                               Duration maxCacheTtl, Duration staleGrace) {
    }
}
