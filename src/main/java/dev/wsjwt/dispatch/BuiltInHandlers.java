package dev.wsjwt.dispatch;

import dev.wsjwt.token.JwtPrincipal;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/** Handlers every wsjwt endpoint answers, beside the built-in {@code auth}. */
public final class BuiltInHandlers {

    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * {@code whoami}'s result, {@code {"sub","permissions","groups","exp"}} with both lists sorted.
     * Built with JSON-P rather than a record through JSON-B: the reflective serialization was a
     * sixth of the server's time per whoami (bench/run.sh, JFR). The sorted lists come from the
     * principal, which sorts them once: sorting per message showed up in the profile too.
     */
    @Handles("whoami")
    @AnyAuthenticated
    @NonBlocking
    public JsonObject whoami(JwtPrincipal principal) {
        return JSON.createObjectBuilder()
                .add("sub", principal.getSubject())
                .add("permissions", array(principal.sortedPermissions()))
                .add("groups", array(principal.sortedGroups()))
                .add("exp", principal.expiresAt().getEpochSecond())
                .build();
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }
}
