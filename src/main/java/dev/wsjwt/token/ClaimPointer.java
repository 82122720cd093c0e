package dev.wsjwt.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A claim name ({@code permissions}) or a JSON pointer ({@code /realm_access/roles}) into a
 * token's claims, as jose4j parses them (maps, lists, strings, numbers, booleans).
 */
final class ClaimPointer {

    private final String text;
    private final List<String> path;

    private ClaimPointer(String text, List<String> path) {
        this.text = text;
        this.path = List.copyOf(path);
    }

    public static ClaimPointer parse(String text) {
        if (!text.startsWith("/")) {
            return new ClaimPointer(text, List.of(text));
        }
        List<String> path = new ArrayList<>();
        for (String token : text.substring(1).split("/", -1)) {
            path.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return new ClaimPointer(text, path);
    }

    public Optional<Object> resolve(Map<String, Object> claims) {
        Object current = claims;
        for (String step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.matches("0|[1-9][0-9]{0,8}")) {
                int index = Integer.parseInt(step);
                current = index < list.size() ? list.get(index) : null;
            } else {
                return Optional.empty();
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    @Override
    public String toString() {
        return text;
    }
}
