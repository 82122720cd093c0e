package dev.wsjwt.token;

import java.util.Objects;
import java.util.Optional;

/**
 * A verified OpenID Connect Back-Channel Logout token: whose sessions end. {@code sid} when the
 * provider names one session, else every session of {@code sub}.
 */
public record LogoutToken(String issuer, String jti, Optional<String> sid, Optional<String> subject) {

    public LogoutToken {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(jti);
        if (sid.isEmpty() && subject.isEmpty()) {
            throw new IllegalArgumentException("a logout token names a sid or a sub");
        }
    }
}
