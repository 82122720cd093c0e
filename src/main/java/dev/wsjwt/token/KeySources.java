package dev.wsjwt.token;

import dev.wsjwt.ops.Observer;

import dev.wsjwt.config.ConfigurationException;
import dev.wsjwt.config.Keys;
import dev.wsjwt.config.VerifySettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/** Turns the configured key source into a key resolver, failing start-up on a bad one. */
public final class KeySources {

    private KeySources() {
    }

    public static VerificationKeyResolver resolver(VerifySettings settings, Clock clock) {
        return resolver(settings, clock, Observer.NONE);
    }

    /** @param observer told of every key set fetch (remote keys only) */
    public static VerificationKeyResolver resolver(VerifySettings settings, Clock clock, Observer observer) {
        if (settings.inlineKey().isPresent()) {
            return new StaticKeyResolver(checked(Keys.PUBLIC_KEY, settings.inlineKey().get()));
        }
        if (settings.discoversKeys()) {
            RemoteJwksResolver discovered = RemoteJwksResolver.discovering(settings.issuer().orElseThrow(), settings.jwks(), clock, observer);
            discovered.prefetch();
            return discovered;
        }
        String location = settings.keyLocation().orElseThrow(() -> new ConfigurationException(
                Keys.PUBLIC_KEY_LOCATION, "no verification key configured"));
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(Keys.PUBLIC_KEY_LOCATION, "not a valid URL");
            }
            RemoteJwksResolver remote = new RemoteJwksResolver(uri, settings.jwks(), clock, observer);
            remote.prefetch();
            return remote;
        }
        return new StaticKeyResolver(checked(Keys.PUBLIC_KEY_LOCATION, read(location)));
    }

    private static List<JsonWebKey> checked(String key, String text) {
        List<JsonWebKey> keys;
        try {
            keys = KeyParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new ConfigurationException(key, "the key set is empty");
        }
        for (JsonWebKey jwk : keys) {
            KeyPolicy.problem(jwk).ifPresent(problem -> {
                throw new ConfigurationException(key, KeyPolicy.describe(jwk) + " " + problem);
            });
        }
        return keys;
    }

    private static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                return resource(location.substring("classpath:".length()));
            }
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            if (Files.isRegularFile(path)) {
                return Files.readString(path, StandardCharsets.UTF_8);
            }
            return resource(location);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(Keys.PUBLIC_KEY_LOCATION, "cannot read '" + location + "': " + e.getMessage());
        }
    }

    private static String resource(String name) throws IOException {
        String path = name.startsWith("/") ? name.substring(1) : name;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no such file or classpath resource");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
