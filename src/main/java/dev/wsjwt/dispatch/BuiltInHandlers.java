package dev.wsjwt.dispatch;

import dev.wsjwt.token.JwtPrincipal;

/** Handlers every wsjwt endpoint answers, beside the built-in {@code auth}. */
public final class BuiltInHandlers {

    /**
     * {@code whoami}'s result, {@code {"sub","permissions","groups","exp"}} with both lists
     * sorted: the principal's own summary, built once per principal rather than per message
     * (JSON-P's building and writing were a quarter of a whoami's cost in the profile).
     */
    @Handles("whoami")
    @AnyAuthenticated
    @NonBlocking
    public JsonText whoami(JwtPrincipal principal) {
        return new JsonText(principal.summaryJson());
    }
}
