package dev.wsjwt.standalone;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.ConfigurationException;
import dev.wsjwt.config.Keys;
import dev.wsjwt.config.ServerSettings;
import dev.wsjwt.config.Settings;
import dev.wsjwt.ops.Instrumentation;
import dev.wsjwt.ops.OpenTelemetryObserver;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import dev.wsjwt.web.LogoutEndpoint;
import dev.wsjwt.web.TicketEndpoint;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The standalone server assembled: settings, the development identity provider when no key is
 * configured, the endpoints the caller registers, and the pages under {@code static/} on the
 * class path (the demo's), all on one loopback port by default.
 *
 * <pre>{@code
 * StandaloneApp app = StandaloneApp.start(StandaloneApp.defaultLookup(), Clock.systemUTC(), endpoints -> endpoints
 *         .messages("/ws/orders", new OrderService(endpoints.sessions()))
 *         .annotated(EchoEndpoint.class));
 * }</pre>
 */
public final class StandaloneApp implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StandaloneApp.class.getName());

    private final StandaloneServer server;
    private final Wsjwt wsjwt;
    private final Optional<DevIdentityProvider> devIdentityProvider;
    private final Operations operations;

    private StandaloneApp(StandaloneServer server, Wsjwt wsjwt, Optional<DevIdentityProvider> devIdentityProvider,
                          Operations operations) {
        this.server = server;
        this.wsjwt = wsjwt;
        this.devIdentityProvider = devIdentityProvider;
        this.operations = operations;
    }

    /** Handler time buckets, in seconds: from 50 µs (a cached lookup) to 10 s (a handler that waits). */
    private static final List<Double> HANDLER_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    /** The metrics SDK and the management listener, when on. */
    private static final class Operations implements AutoCloseable {
        private final Optional<SdkMeterProvider> meters;
        private final Optional<PrometheusScrape> scrape;
        private ManagementServer management;

        Operations(ServerSettings.Management settings) {
            if (settings.enabled() && settings.metrics()) {
                PrometheusScrape reader = new PrometheusScrape();
                this.scrape = Optional.of(reader);
                this.meters = Optional.of(SdkMeterProvider.builder()
                        // No traces here to link an exemplar to; Prometheus text 0.0.4 has no place for them either.
                        .setExemplarFilter(ExemplarFilter.alwaysOff())
                        .registerMetricReader(reader)
                        .registerView(InstrumentSelector.builder().setName("wsjwt.handler.duration").build(),
                                View.builder().setAggregation(Aggregation.explicitBucketHistogram(HANDLER_BUCKETS)).build())
                        .build());
            } else {
                this.scrape = Optional.empty();
                this.meters = Optional.empty();
            }
        }

        Instrumentation instrumentation() {
            return meters.map(provider -> OpenTelemetryObserver.on(provider.get(OpenTelemetryObserver.SCOPE)))
                    .orElse(Instrumentation.NONE);
        }

        void listen(ServerSettings.Management settings, Wsjwt wsjwt) throws IOException {
            if (settings.enabled()) {
                management = new ManagementServer(settings, wsjwt.health(), scrape).start();
                LOG.log(System.Logger.Level.INFO, "management (metrics, health) on {0}:{1}", settings.host(),
                        String.valueOf(management.port()));
            }
        }

        int port() {
            return management == null ? -1 : management.port();
        }

        @Override
        public void close() {
            if (management != null) {
                management.close();
            }
            meters.ifPresent(SdkMeterProvider::close);
        }
    }

    /** System properties, then environment variables, then the file named by {@code wsjwt.config}. */
    public static ConfigLookup defaultLookup() {
        List<ConfigLookup> sources = new ArrayList<>(List.of(ConfigLookup.systemProperties(), ConfigLookup.environment()));
        ConfigLookup.layered(sources).get(Keys.CONFIG_FILE).ifPresent(file -> sources.add(ConfigLookup.of(load(file))));
        return ConfigLookup.layered(sources);
    }

    /** What a standalone application registers, once wsjwt is built. */
    public interface Endpoints {
        /** For the services' pushes, kicks and revocations. */
        WebSocketSessions sessions();

        /** A message endpoint at {@code path}: the built-ins plus the {@code @Handles} methods of {@code services}. */
        Endpoints messages(String path, Object... services) throws DeploymentException;

        /** A {@code @ServerEndpoint(configurator = WsjwtConfigurator.class)} class. */
        Endpoints annotated(Class<?> endpointClass) throws DeploymentException;
    }

    /** Registers endpoints; may throw what registration throws. */
    @FunctionalInterface
    public interface Registration {
        void register(Endpoints endpoints) throws DeploymentException;
    }

    public static StandaloneApp start(ConfigLookup lookup, Clock clock, Registration registration) throws Exception {
        Settings settings = Settings.from(lookup);
        String host = settings.server().host();
        boolean dev = !settings.verify().keysConfigured();
        if (dev && !DevIdentityProviderHandler.isLoopback(host)) {
            throw new ConfigurationException(Keys.HOST, "'" + host + "' is not a loopback address; the development "
                    + "identity provider runs on loopback only (configure " + Keys.PUBLIC_KEY_LOCATION + " to listen elsewhere)");
        }
        StandaloneServer server = new StandaloneServer(host, settings.server().port(), settings.server().tuning(),
                settings.verify().maxTokenLength(), settings.server().limits());
        Operations operations = new Operations(settings.server().management());
        try {
            // Listen last, so that no request meets the server before its handlers; except on an
            // ephemeral port, where the development identity provider's issuer needs the real one.
            if (settings.server().port() == 0) {
                server.start();
            }
            Optional<DevIdentityProvider> idp = Optional.empty();
            if (dev) {
                DevIdentityProvider provider = new DevIdentityProvider(DevIdentityProvider.issuerFor(host, server.port()), clock);
                settings = settings.withDevelopmentIdentityProvider(provider.issuer(), DevIdentityProvider.AUDIENCE, provider.jwks());
                server.http("/dev/*", new DevIdentityProviderHandler(provider));
                idp = Optional.of(provider);
            }
            server.http("/", new StaticResources());
            Wsjwt wsjwt = Wsjwt.create(settings, clock, operations.instrumentation());
            server.offloadUpgradesWhen(wsjwt.authenticator()::mayWait);
            wsjwt.ticketEndpoint().ifPresent(endpoint -> server.http(TicketEndpoint.PATH, new WebEndpointHandler(endpoint::handle)));
            wsjwt.logoutEndpoint().ifPresent(endpoint -> server.http(LogoutEndpoint.PATH, new WebEndpointHandler(endpoint::handle)));
            registration.register(new Endpoints() {
                @Override
                public WebSocketSessions sessions() {
                    return wsjwt.sessions();
                }

                @Override
                public Endpoints messages(String path, Object... services) throws DeploymentException {
                    server.endpoint(wsjwt.endpoint(path, List.of(services), server.hooks()));
                    return this;
                }

                @Override
                public Endpoints annotated(Class<?> endpointClass) throws DeploymentException {
                    server.annotatedEndpoint(endpointClass, wsjwt);
                    return this;
                }
            });
            if (!server.isStarted()) {
                server.start();
            }
            StandaloneApp app = new StandaloneApp(server, wsjwt, idp, operations);
            try {
                operations.listen(settings.server().management(), wsjwt);
            } catch (IOException | RuntimeException e) {
                app.close();
                throw e;
            }
            return app;
        } catch (Exception | Error e) {
            server.close();
            operations.close();
            throw e;
        }
    }

    public StandaloneServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** The management listener's bound port, or -1 when it is off ({@code wsjwt.management.port=-1}). */
    public int managementPort() {
        return operations.port();
    }

    public Wsjwt wsjwt() {
        return wsjwt;
    }

    public Optional<DevIdentityProvider> devIdentityProvider() {
        return devIdentityProvider;
    }

    @Override
    public void close() {
        server.close();
        operations.close();
        wsjwt.close();
    }

    private static Properties load(String file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(Keys.CONFIG_FILE, "cannot read '" + file + "': " + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "configuration file {0} read", file);
        return properties;
    }
}
