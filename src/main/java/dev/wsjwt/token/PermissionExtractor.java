package dev.wsjwt.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a caller's permission set from the configured claims: arrays of strings
 * ({@code permissions}, {@code groups}, {@code /realm_access/roles}) and space-separated strings
 * ({@code scope}). Anything else in those claims grants nothing.
 */
final class PermissionExtractor {

    private final List<ClaimPointer> sources;

    public PermissionExtractor(List<String> claimNamesOrPointers) {
        this.sources = claimNamesOrPointers.stream().map(ClaimPointer::parse).toList();
    }

    public Set<String> extract(Map<String, Object> claims) {
        Set<String> permissions = new LinkedHashSet<>();
        for (ClaimPointer source : sources) {
            source.resolve(claims).ifPresent(value -> addAll(value, permissions));
        }
        return Set.copyOf(permissions);
    }

    private static void addAll(Object value, Set<String> into) {
        if (value instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    into.add(part);
                }
            }
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof String s && !s.isBlank()) {
                    into.add(s.trim());
                }
            }
        }
    }
}
