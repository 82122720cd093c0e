package dev.wsjwt.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Typed reads over a {@link ConfigLookup}; every failure names its key. */
final class ValueReader {

    private final ConfigLookup lookup;

    ValueReader(ConfigLookup lookup) {
        this.lookup = lookup;
    }

    Optional<String> optional(String key) {
        return lookup.get(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    List<String> list(String key, String defaultValue) {
        String raw = string(key, defaultValue);
        List<String> items = new ArrayList<>();
        for (String item : raw.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return List.copyOf(items);
    }

    Set<String> set(String key, String defaultValue) {
        return new LinkedHashSet<>(list(key, defaultValue));
    }

    long integer(String key, long defaultValue, long min, long max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, "'" + raw.get() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigurationException(key, value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    boolean flag(String key, boolean defaultValue) {
        String raw = string(key, String.valueOf(defaultValue));
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new ConfigurationException(key, "'" + raw + "' is not true or false");
    }

    Duration seconds(String key, long defaultSeconds, long min, long max) {
        return Duration.ofSeconds(integer(key, defaultSeconds, min, max));
    }

    Optional<Duration> optionalSeconds(String key, long min, long max) {
        return optional(key).map(v -> seconds(key, 0, min, max));
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, String defaultValue) {
        String raw = string(key, defaultValue);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw)) {
                return constant;
            }
        }
        throw new ConfigurationException(key, "'" + raw + "' is not one of "
                + Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
    }

    Optional<URI> uri(String key, Set<String> schemes) {
        return optional(key).map(raw -> {
            URI uri;
            try {
                uri = URI.create(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key, "not a valid URI");
            }
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
                throw new ConfigurationException(key, "scheme must be one of " + schemes);
            }
            return uri;
        });
    }
}
