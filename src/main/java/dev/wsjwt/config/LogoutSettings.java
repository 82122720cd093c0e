package dev.wsjwt.config;

import java.util.Set;

/**
 * OpenID Connect Back-Channel Logout: the client ids ({@code aud}) logout tokens are accepted
 * for. Empty: the receiver is off.
 */
public record LogoutSettings(Set<String> audiences) {

    public LogoutSettings {
        audiences = Set.copyOf(audiences);
    }

    public boolean enabled() {
        return !audiences.isEmpty();
    }
}
