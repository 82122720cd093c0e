package dev.wsjwt.dispatch;

import dev.wsjwt.token.JwtPrincipal;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.util.Collection;

/** Handlers every wsjwt endpoint answers, beside the built-in {@code auth}. */
public final class BuiltInHandlers {

    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * {@code whoami}'s result, {@code {"sub","permissions","groups","exp"}} with both lists sorted.
     * Built with JSON-P rather than a record through JSON-B: the reflective serialization was a
     * sixth of the server's time per whoami (bench/run.sh, JFR).
     */
    @Handles("whoami")
    @AnyAuthenticated
    public JsonObject whoami(JwtPrincipal principal) {
        return JSON.createObjectBuilder()
                .add("sub", principal.getSubject())
                .add("permissions", sorted(principal.permissions()))
                .add("groups", sorted(principal.getGroups()))
                .add("exp", principal.expiresAt().getEpochSecond())
                .build();
    }

    private static JsonArrayBuilder sorted(Collection<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.stream().sorted().forEach(array::add);
        return array;
    }
}
