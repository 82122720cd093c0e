package dev.wsjwt.testing;

import dev.wsjwt.chat.DemoApp;
import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.standalone.StandaloneApp;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The real standalone server (Tyrus on Grizzly) on a loopback ephemeral port, verifying tokens
 * from {@link TokenBuilder} against a real JWKS endpoint. Extra settings override the defaults.
 */
public final class TestServer implements AutoCloseable {

    private final JwksServer jwks;
    private final StandaloneApp app;

    private TestServer(JwksServer jwks, StandaloneApp app) {
        this.jwks = jwks;
        this.app = app;
    }

    public static TestServer start(Map<String, String> overrides) {
        return start(new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC)), overrides);
    }

    /**
     * With a JWKS server the test prepared before start-up (e.g. delayed, to observe the first
     * fetch); the server is configured as the key location and closed with this one.
     */
    public static TestServer start(JwksServer jwks, Map<String, String> overrides) {
        return start(jwks, overrides, Clock.systemUTC());
    }

    /** With the clock wsjwt judges tokens and sessions by (a {@link MutableClock}, say). */
    public static TestServer start(Map<String, String> overrides, Clock clock) {
        return start(new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC)), overrides, clock);
    }

    private static TestServer start(JwksServer jwks, Map<String, String> overrides, Clock clock) {
        try {
            return new TestServer(jwks, DemoApp.start(ConfigLookup.of(settings(jwks, overrides)), clock));
        } catch (Exception e) {
            jwks.close();
            throw new IllegalStateException(e);
        }
    }

    /** Loopback, an ephemeral port, keys from {@code jwks}, the test issuer and audience; then the overrides. */
    static Map<String, String> settings(JwksServer jwks, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("wsjwt.host", "127.0.0.1");
        settings.put("wsjwt.port", "0");
        settings.put("mp.jwt.verify.publickey.location", jwks.url());
        settings.put("mp.jwt.verify.issuer", TokenBuilder.ISSUER);
        settings.put("mp.jwt.verify.audiences", TokenBuilder.AUDIENCE);
        settings.putAll(overrides);
        return settings;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + app.port() + "/ws/chat");
    }

    public int port() {
        return app.port();
    }

    public StandaloneApp app() {
        return app;
    }

    public JwksServer jwks() {
        return jwks;
    }

    @Override
    public void close() {
        app.close();
        jwks.close();
    }
}
