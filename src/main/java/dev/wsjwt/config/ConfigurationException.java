package dev.wsjwt.config;

/**
 * A bad or contradictory setting. Its message is one line naming the key and the problem, so
 * start-up can print it and stop.
 */
public final class ConfigurationException extends RuntimeException {

    private final String key;

    public ConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
