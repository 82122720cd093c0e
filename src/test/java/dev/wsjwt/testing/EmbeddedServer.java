package dev.wsjwt.testing;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.handshake.RuntimeHooks;
import dev.wsjwt.standalone.StandaloneServer;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The standalone runtime (Tyrus on Grizzly) serving {@link Wsjwt#endpoint} with services a test
 * builds itself, so it can hold them (a failing service, the chat service whose rooms it
 * inspects, the README example). Refusals are closes (as with {@link RuntimeHooks#PORTABLE}); for HTTP
 * refusals use {@link TestServer}.
 */
public final class EmbeddedServer implements AutoCloseable {

    public static final String PATH = "/ws/test";

    private final JwksServer jwks;
    private final Wsjwt wsjwt;
    private final StandaloneServer server;

    private EmbeddedServer(JwksServer jwks, Wsjwt wsjwt, StandaloneServer server) {
        this.jwks = jwks;
        this.wsjwt = wsjwt;
        this.server = server;
    }

    /** Starts a server whose endpoint at {@link #PATH} has the built-ins plus {@code services(wsjwt)}. */
    public static EmbeddedServer start(Map<String, String> overrides, Function<Wsjwt, List<Object>> services) {
        JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC));
        Wsjwt wsjwt = null;
        StandaloneServer server = null;
        try {
            Settings settings = Settings.from(ConfigLookup.of(TestServer.settings(jwks, overrides)));
            wsjwt = Wsjwt.create(settings, Clock.systemUTC());
            server = new StandaloneServer(settings.server().host(), settings.server().port(), settings.server().tuning(),
                    settings.verify().maxTokenLength(), settings.server().limits()).start();
            Optional<Executor> pool = server.handlerPool();
            server.offloadUpgradesWhen(wsjwt.authenticator()::mayWait);
            server.endpoint(wsjwt.endpoint(PATH, services.apply(wsjwt), new RuntimeHooks() {
                @Override
                public Optional<Executor> handlerPool() {
                    return pool;
                }
            }));
            return new EmbeddedServer(jwks, wsjwt, server);
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            if (wsjwt != null) {
                wsjwt.close();
            }
            jwks.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    public Wsjwt wsjwt() {
        return wsjwt;
    }

    @Override
    public void close() {
        server.close();
        wsjwt.close();
        jwks.close();
    }
}
