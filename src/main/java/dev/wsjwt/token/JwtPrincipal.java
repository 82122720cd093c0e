package dev.wsjwt.token;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified access token as a MicroProfile {@link JsonWebToken}, plus the permission set built
 * from the configured claims. Immutable; safe to share between threads.
 *
 * <p>Standard claims come back in the types {@link Claims} names (String, Long, Set of String,
 * Boolean); any other claim as a JSON-P {@link JsonValue}, as the MicroProfile JWT specification
 * asks. {@link #toString()} never includes the raw token.
 */
public final class JwtPrincipal implements JsonWebToken {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final Map<String, Object> claims;
    private final String rawToken;
    private final Set<String> permissions;
    // Derived once, because the dispatcher reads them on every message (expiry check, whoami).
    private final Long exp;
    private final Set<String> groups;
    private final List<String> sortedPermissions;
    private final List<String> sortedGroups;
    private volatile String summaryJson; // built on first use; racing threads build the same text

    JwtPrincipal(Map<String, Object> claims, String rawToken, Set<String> permissions) {
        this.claims = withoutNulls(claims);
        this.rawToken = rawToken;
        this.permissions = Set.copyOf(permissions);
        this.exp = numberClaim(Claims.exp.name()).orElse(null);
        this.sortedPermissions = sorted(this.permissions);
        Object groupsClaim = this.claims.get(Claims.groups.name());
        this.groups = groupsClaim == null ? Set.of() : stringSet(groupsClaim);
        this.sortedGroups = sorted(groups);
    }

    /** Natural order, immutable; an array sort rather than a stream (the stream showed in the handshake profile). */
    private static List<String> sorted(Set<String> values) {
        String[] array = values.toArray(new String[0]);
        Arrays.sort(array);
        return List.of(array);
    }

    /** The permissions this token grants, from {@code wsjwt.permissions.claims}. */
    public Set<String> permissions() {
        return permissions;
    }

    /** The verified claims, immutable (for the cache of verified tokens). */
    Map<String, Object> claims() {
        return claims;
    }

    /** {@link #permissions()} in natural order, immutable. */
    public List<String> sortedPermissions() {
        return sortedPermissions;
    }

    /** {@link #getGroups()} in natural order, immutable. */
    public List<String> sortedGroups() {
        return sortedGroups;
    }

    /**
     * {@code {"sub","permissions","groups","exp"}} as JSON text, both lists sorted: the
     * contract's {@code whoami} payload. Built once per principal, since a client may ask per
     * message and the principal never changes (re-authentication makes a new one).
     */
    public String summaryJson() {
        String json = summaryJson;
        if (json == null) {
            var permissionArray = JSON.createArrayBuilder();
            sortedPermissions.forEach(permissionArray::add);
            var groupArray = JSON.createArrayBuilder();
            sortedGroups.forEach(groupArray::add);
            String sub = getSubject();
            json = JSON.createObjectBuilder()
                    .add("sub", sub == null ? JsonValue.NULL : JSON.createValue(sub))
                    .add("permissions", permissionArray)
                    .add("groups", groupArray)
                    .add("exp", expiresAt().getEpochSecond())
                    .build().toString();
            summaryJson = json;
        }
        return json;
    }

    public boolean hasPermission(String permission) {
        return permissions.contains(permission);
    }

    /** {@code exp} in epoch seconds, unboxed: the dispatcher compares it on every message. */
    public long expiresAtEpochSecond() {
        if (exp == null) {
            throw new NoSuchElementException("no exp claim");
        }
        return exp;
    }

    /** {@code exp}; verification guarantees it is present. */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(expiresAtEpochSecond());
    }

    /** The provider's session id ({@code sid}), which back-channel logout names. */
    public Optional<String> sessionId() {
        return claims.get("sid") instanceof String sid ? Optional.of(sid) : Optional.empty();
    }

    public Optional<Instant> issuedAt() {
        return numberClaim(Claims.iat.name()).map(Instant::ofEpochSecond);
    }

    @Override
    public String getName() {
        for (String claim : List.of(Claims.upn.name(), Claims.preferred_username.name(), Claims.sub.name())) {
            if (claims.get(claim) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new LinkedHashSet<>(claims.keySet());
        names.add(Claims.raw_token.name());
        return Set.copyOf(names);
    }

    @Override
    public boolean containsClaim(String claimName) {
        return Claims.raw_token.name().equals(claimName) || claims.containsKey(claimName);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) rawToken;
        }
        Object value = claims.get(claimName);
        if (value == null) {
            return null;
        }
        Claims standard = standardClaim(claimName);
        Class<?> type = standard.getType();
        if (type == String.class) {
            return (T) (value instanceof String ? value : String.valueOf(value));
        }
        if (type == Long.class && value instanceof Number n) {
            return (T) Long.valueOf(n.longValue());
        }
        if (type == Set.class) {
            return (T) stringSet(value);
        }
        if (type == Boolean.class && value instanceof Boolean) {
            return (T) value;
        }
        return (T) toJson(value);
    }

    @Override
    public Set<String> getGroups() {
        return groups;
    }

    @Override
    public String toString() {
        return "JwtPrincipal[sub=" + getSubject() + ", iss=" + getIssuer() + ", exp=" + getExpirationTime()
                + ", permissions=" + permissions + "]";
    }

    private Optional<Long> numberClaim(String name) {
        // Called from the constructor: reads only the final claims field, assigned before.
        return claims.get(name) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    private static Claims standardClaim(String name) {
        try {
            return Claims.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Claims.UNKNOWN;
        }
    }

    private static Set<String> stringSet(Object value) {
        if (value instanceof String s) {
            return Set.of(s);
        }
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (item != null) {
                    out.add(String.valueOf(item));
                }
            }
        }
        return Set.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static JsonValue toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            return JSON.createObjectBuilder((Map<String, Object>) map).build();
        }
        if (value instanceof Collection<?> items) {
            return JSON.createArrayBuilder((Collection<Object>) items).build();
        }
        if (value instanceof String s) {
            return JSON.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Long || value instanceof Integer) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return JSON.createValue(n.doubleValue());
        }
        return JsonValue.NULL;
    }

    /** A claim whose value is JSON {@code null} is treated as absent (and Map.copyOf refuses nulls). */
    private static Map<String, Object> withoutNulls(Map<String, Object> claims) {
        // A principal rebuilt from the verified-token cache passes claims that are already
        // immutable and null-free: Map.copyOf hands those back without copying.
        for (Object value : claims.values()) {
            if (value == null) {
                Map<String, Object> present = new java.util.HashMap<>(claims);
                present.values().removeIf(java.util.Objects::isNull);
                return Map.copyOf(present);
            }
        }
        return Map.copyOf(claims);
    }
}
