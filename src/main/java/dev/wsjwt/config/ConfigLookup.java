package dev.wsjwt.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where raw configuration values come from, highest priority first.
 *
 * <p>Library code never reads configuration on its own: a lookup is turned into {@link Settings}
 * once, at start-up, and the settings are handed down.
 */
@FunctionalInterface
public interface ConfigLookup {

    Optional<String> get(String key);

    /** The first source that has a non-blank value wins. */
    static ConfigLookup layered(List<ConfigLookup> sources) {
        List<ConfigLookup> copy = List.copyOf(sources);
        return key -> copy.stream()
                .map(source -> source.get(key))
                .flatMap(Optional::stream)
                .filter(value -> !value.isBlank())
                .findFirst();
    }

    static ConfigLookup of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return key -> Optional.ofNullable(copy.get(key));
    }

    static ConfigLookup of(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return key -> Optional.ofNullable(copy.getProperty(key));
    }

    static ConfigLookup systemProperties() {
        return key -> Optional.ofNullable(System.getProperty(key));
    }

    /** Environment variables with the MicroProfile Config name mapping. */
    static ConfigLookup environment() {
        return environment(System::getenv);
    }

    // visible for testing
    static ConfigLookup environment(Function<String, String> env) {
        Objects.requireNonNull(env);
        return key -> {
            // MicroProfile Config: exact name, then non-alphanumerics as '_', then that upper-cased.
            String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
            for (String candidate : List.of(key, sanitized, sanitized.toUpperCase(java.util.Locale.ROOT))) {
                String value = env.apply(candidate);
                if (value != null) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        };
    }
}
