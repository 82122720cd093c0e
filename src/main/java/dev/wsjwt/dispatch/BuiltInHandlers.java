package dev.wsjwt.dispatch;

import dev.wsjwt.token.JwtPrincipal;
import java.util.List;

/** Handlers every wsjwt endpoint answers, beside the built-in {@code auth}. */
public final class BuiltInHandlers {

    /** {@code whoami}'s result. */
    public record WhoAmI(String sub, List<String> permissions, List<String> groups, long exp) {
    }

    @Handles("whoami")
    @AnyAuthenticated
    public WhoAmI whoami(JwtPrincipal principal) {
        return new WhoAmI(principal.getSubject(), principal.permissions().stream().sorted().toList(),
                principal.getGroups().stream().sorted().toList(), principal.expiresAt().getEpochSecond());
    }
}
