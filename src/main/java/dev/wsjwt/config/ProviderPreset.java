package dev.wsjwt.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code wsjwt.preset}: the defaults one identity provider's tokens need, so that a team arrives
 * with its provider's token shape rather than with JSON pointers. A preset only fills in keys the
 * operator left unset: explicit settings always win.
 */
enum ProviderPreset {

    /** Auth0: RBAC {@code permissions} and {@code scope}; audience = the API identifier; discovery from the issuer. */
    AUTH0 {
        @Override
        Map<String, String> defaults(ConfigLookup explicit) {
            return Map.of(Keys.PERMISSION_CLAIMS, "permissions,scope");
        }
    },
    /** Keycloak: realm roles, each audience's client roles, and {@code scope}; discovery from the realm issuer. */
    KEYCLOAK {
        @Override
        Map<String, String> defaults(ConfigLookup explicit) {
            List<String> claims = new ArrayList<>(List.of("/realm_access/roles"));
            for (String audience : explicit.get(Keys.AUDIENCES).orElse("").split(",")) {
                if (!audience.isBlank()) {
                    claims.add("/resource_access/" + audience.trim().replace("~", "~0").replace("/", "~1") + "/roles");
                }
            }
            claims.add("scope");
            return Map.of(Keys.PERMISSION_CLAIMS, String.join(",", claims));
        }
    },
    /**
     * SuperTokens: keys at {@code <apiDomain>/auth/jwt/jwks.json} (the issuer is
     * {@code <apiDomain>/auth}); permissions and roles from its claims. Requiring a verified
     * e-mail stays the operator's choice: {@code wsjwt.verify.claims=/st-ev/v=true}.
     */
    SUPERTOKENS {
        @Override
        Map<String, String> defaults(ConfigLookup explicit) {
            Map<String, String> defaults = new LinkedHashMap<>();
            defaults.put(Keys.PERMISSION_CLAIMS, "/st-perm/v,/st-role/v,scope");
            Optional<String> issuer = explicit.get(Keys.ISSUER);
            if (issuer.isPresent() && explicit.get(Keys.PUBLIC_KEY).isEmpty()) {
                defaults.put(Keys.PUBLIC_KEY_LOCATION, stripSlash(issuer.get()) + "/jwt/jwks.json");
            }
            return defaults;
        }
    };

    abstract Map<String, String> defaults(ConfigLookup explicit);

    /** The lookup with the chosen preset's defaults beneath it. */
    static ConfigLookup apply(ConfigLookup explicit) {
        Optional<String> name = explicit.get(Keys.PRESET).map(String::trim).filter(v -> !v.isEmpty());
        if (name.isEmpty()) {
            return explicit;
        }
        ProviderPreset preset;
        try {
            preset = valueOf(name.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Keys.PRESET, "'" + name.get() + "' is not one of auth0, keycloak, supertokens");
        }
        return ConfigLookup.layered(List.of(explicit, ConfigLookup.of(preset.defaults(explicit))));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
