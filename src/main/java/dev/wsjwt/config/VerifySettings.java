package dev.wsjwt.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a token must satisfy. {@code keyLocation} and {@code inlineKey} are mutually exclusive;
 * with neither, only the standalone development identity provider can supply keys.
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
        JwksSettings jwks) {

    public VerifySettings {
        algorithms = Set.copyOf(algorithms);
        audiences = Set.copyOf(audiences);
        requiredClaims = List.copyOf(requiredClaims);
        permissionClaims = List.copyOf(permissionClaims);
    }

    public boolean keysConfigured() {
        return keyLocation.isPresent() || inlineKey.isPresent();
    }

    /** How a remote key set is fetched and cached. */
    public record JwksSettings(Duration fetchTimeout, Duration minRefreshInterval, Duration cacheTtl) {
    }
}
