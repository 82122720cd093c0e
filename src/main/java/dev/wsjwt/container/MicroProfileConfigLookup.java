package dev.wsjwt.container;

import dev.wsjwt.config.ConfigLookup;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Settings in a container: MicroProfile Config already orders system properties, environment
 * variables (with its name mapping) and {@code META-INF/microprofile-config.properties}.
 */
final class MicroProfileConfigLookup implements ConfigLookup {

    private final Config config;

    MicroProfileConfigLookup(ClassLoader loader) {
        this.config = ConfigProvider.getConfig(loader);
    }

    @Override
    public Optional<String> get(String key) {
        return config.getOptionalValue(key, String.class);
    }
}
