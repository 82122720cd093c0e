package dev.wsjwt;

import dev.wsjwt.cluster.ClusterBus;
import dev.wsjwt.cluster.RedisBus;
import dev.wsjwt.config.Settings;
import dev.wsjwt.config.Transport;
import dev.wsjwt.handshake.TicketRedeemer;
import dev.wsjwt.token.LogoutTokenVerifier;
import dev.wsjwt.web.LogoutEndpoint;
import dev.wsjwt.web.TicketEndpoint;
import dev.wsjwt.web.Tickets;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import dev.wsjwt.dispatch.BuiltInHandlers;
import dev.wsjwt.dispatch.Dispatcher;
import dev.wsjwt.dispatch.DispatchingEndpoint;
import dev.wsjwt.dispatch.HandlerScope;
import dev.wsjwt.dispatch.Replies;
import dev.wsjwt.handshake.EndpointFactory;
import dev.wsjwt.handshake.HandshakeAuthenticator;
import dev.wsjwt.handshake.HandshakeStep;
import dev.wsjwt.handshake.RefusalLog;
import dev.wsjwt.handshake.RuntimeHooks;
import dev.wsjwt.session.ConnectionRegistry;
import dev.wsjwt.session.Groups;
import dev.wsjwt.session.LifetimeScheduler;
import dev.wsjwt.session.RevocationList;
import dev.wsjwt.session.SessionManager;
import dev.wsjwt.ops.Health;
import dev.wsjwt.ops.Instrumentation;
import dev.wsjwt.ops.Observer;
import dev.wsjwt.ops.Readings;
import dev.wsjwt.ops.SecurityEventLog;
import dev.wsjwt.token.KeySources;
import dev.wsjwt.token.KeyStatus;
import dev.wsjwt.token.TokenVerifier;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * wsjwt assembled: every long-lived object built once from one {@link Settings} and shared by
 * all connections. Runtimes (the standalone server, the container's initializer) create one, publish the
 * endpoint configuration it builds, and close it on shutdown.
 */
public final class Wsjwt implements AutoCloseable {

    private final Settings settings;
    private final Clock clock;
    private final TokenVerifier verifier;
    private final HandshakeAuthenticator authenticator;
    private final SessionManager sessions;
    private final LifetimeScheduler scheduler;
    private final JsonProvider json;
    private final Jsonb jsonb;
    private final Replies replies;
    private final ClusterBus cluster;
    private final WebSocketSessions publicSessions;
    private final Groups groups;
    private final Tickets tickets;
    private final Optional<TicketEndpoint> ticketEndpoint;
    private final Optional<LogoutEndpoint> logoutEndpoint;
    private final KeyStatus keyStatus;
    private final Observer metrics;
    private final Observer observer;
    private final Health health;
    private volatile boolean closed;

    private Wsjwt(Settings settings, Clock clock, Instrumentation instrumentation) {
        this.settings = settings;
        this.clock = clock;
        // The observer comes first: every part built below reports to it, and its gauges read
        // those parts (through readings) only when collected.
        Readings readings = new LiveReadings();
        this.metrics = instrumentation.observer(readings);
        this.observer = Observer.all(List.of(metrics, new SecurityEventLog(settings.handshake().refusalLogInterval())));
        this.health = new Health(readings, () -> !closed);
        this.cluster = settings.server().clusterRedis()
                .<ClusterBus>map(uri -> new RedisBus(uri, settings.server().clusterChannel(),
                        settings.server().revocationTtl(), observer))
                .orElseGet(ClusterBus::local);
        RevocationList revocations = new RevocationList(settings.server().revocationTtl());
        // One key set for access tokens and logout tokens: one cache, one refresh schedule.
        VerificationKeyResolver keys = KeySources.resolver(settings.verify(), clock, observer);
        this.keyStatus = KeyStatus.of(keys);
        this.verifier = new TokenVerifier(settings.verify(), keys, revocations, clock);
        this.tickets = new Tickets(cluster.store(), settings.handshake().ticketTtl(), clock);
        this.authenticator = new HandshakeAuthenticator(settings.handshake(), verifier,
                settings.handshake().allows(Transport.TICKET) ? tickets : TicketRedeemer.NONE, observer);
        this.scheduler = new LifetimeScheduler();
        this.json = JsonProvider.provider();
        this.jsonb = JsonbBuilder.create();
        this.replies = new Replies(json, jsonb);
        ConnectionRegistry registry = new ConnectionRegistry();
        this.sessions = new SessionManager(settings.session(), verifier, authenticator, registry,
                revocations, scheduler, cluster, clock, replies::push, observer);
        this.groups = new Groups(registry);
        this.publicSessions = new ClusteredSessions(sessions, groups, cluster, replies::push);
        this.ticketEndpoint = settings.handshake().allows(Transport.TICKET)
                ? Optional.of(new TicketEndpoint(settings.handshake(), verifier, authenticator, tickets))
                : Optional.empty();
        this.logoutEndpoint = settings.logout().enabled()
                ? Optional.of(new LogoutEndpoint(new LogoutTokenVerifier(settings.verify().issuer().orElseThrow(),
                        settings.logout().audiences(), settings.verify().algorithms(), settings.verify().clockSkew(), keys),
                        cluster.store(), sessions, new RefusalLog(System.getLogger(LogoutEndpoint.class.getName()),
                        settings.handshake().refusalLogInterval())))
                : Optional.empty();
        if (cluster instanceof RedisBus redis) {
            redis.start(); // after the session manager listens, so no stored revocation is missed
        }
    }

    /** Validates that tokens can be verified with these settings, and builds everything; no metrics. */
    public static Wsjwt create(Settings settings, Clock clock) {
        return create(settings, clock, Instrumentation.NONE);
    }

    /** As {@link #create(Settings, Clock)}, with metrics from {@code instrumentation}. */
    public static Wsjwt create(Settings settings, Clock clock, Instrumentation instrumentation) {
        return new Wsjwt(settings.requireVerifiable(), clock, instrumentation);
    }

    /** Gauges and health read the parts as they are now; a part not built yet reads as empty. */
    private final class LiveReadings implements Readings {
        @Override
        public int openSessions() {
            SessionManager manager = sessions;
            return manager == null ? 0 : manager.registry().size();
        }

        @Override
        public KeyStatus keys() {
            return keyStatus;
        }

        @Override
        public boolean clustered() {
            return cluster instanceof RedisBus;
        }

        @Override
        public boolean clusterUp() {
            ClusterBus bus = cluster;
            return bus == null || bus.up();
        }
    }

    /**
     * The endpoint configuration for {@code path}: the authenticating configurator, one
     * {@link DispatchingEndpoint} per connection, the built-in handlers plus {@code services}.
     */
    public ServerEndpointConfig endpoint(String path, List<Object> services, RuntimeHooks hooks) {
        return endpoint(path, services, hooks, HandlerScope.NONE);
    }

    /** As {@link #endpoint(String, List, RuntimeHooks)}, every handler running inside {@code scope}. */
    public ServerEndpointConfig endpoint(String path, List<Object> services, RuntimeHooks hooks, HandlerScope scope) {
        List<Object> all = new ArrayList<>();
        all.add(new BuiltInHandlers());
        all.addAll(services);
        Dispatcher dispatcher = new Dispatcher(all, sessions, json, jsonb, replies, clock, scope, observer);
        EndpointFactory endpoints = new EndpointFactory() {
            @Override
            public <T> T create(Class<T> endpointClass) {
                return endpointClass.cast(new DispatchingEndpoint(sessions, dispatcher, hooks.handlerPool()));
            }
        };
        // The same configurator users put on their own endpoints, authenticating in-band too.
        return ServerEndpointConfig.Builder.create(DispatchingEndpoint.class, path)
                .subprotocols(List.of(settings.handshake().subprotocol()))
                .configurator(new WsjwtConfigurator(new WsjwtConfigurator.Binding(
                        new HandshakeStep(authenticator, hooks, true), Optional.of(endpoints))))
                .build();
    }

    /** A deployment step that may throw. */
    @FunctionalInterface
    public interface Deployment<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs {@code deployment} (a runtime registering {@code @ServerEndpoint} classes) so that
     * every {@link WsjwtConfigurator} the runtime creates meanwhile on this thread belongs to
     * this wsjwt, with {@code hooks}. For runtimes that create configurators reflectively and
     * have no CDI (the standalone server).
     */
    public <E extends Exception> void deployAnnotated(RuntimeHooks hooks, Deployment<E> deployment) throws E {
        WsjwtConfigurator.DEPLOYING.set(WsjwtConfigurator.Binding.of(this, hooks, Optional.empty()));
        try {
            deployment.run();
        } finally {
            WsjwtConfigurator.DEPLOYING.remove();
        }
    }

    /** {@code POST <root>/wsjwt/ticket}, when the {@code ticket} transport is on. */
    public Optional<TicketEndpoint> ticketEndpoint() {
        return ticketEndpoint;
    }

    /** {@code POST <root>/oidc/backchannel-logout}, when {@code wsjwt.logout.audiences} is set. */
    public Optional<LogoutEndpoint> logoutEndpoint() {
        return logoutEndpoint;
    }

    public Settings settings() {
        return settings;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    public HandshakeAuthenticator authenticator() {
        return authenticator;
    }

    /** What services do to sessions: push, group, kick, revoke. */
    public WebSocketSessions sessions() {
        return publicSessions;
    }

    public Groups groups() {
        return groups;
    }

    public SessionManager sessionManager() {
        return sessions;
    }

    public LifetimeScheduler scheduler() {
        return scheduler;
    }

    public Replies replies() {
        return replies;
    }

    public Clock clock() {
        return clock;
    }

    public ClusterBus cluster() {
        return cluster;
    }

    /** Readiness and liveness, for MicroProfile Health checks and the standalone management port. */
    public Health health() {
        return health;
    }

    /** Where the parts report what happens, for runtime edges that see more (refused upgrades before wsjwt). */
    public Observer observer() {
        return observer;
    }

    @Override
    public void close() {
        closed = true;
        if (metrics instanceof AutoCloseable gauges) {
            try {
                gauges.close();
            } catch (Exception e) {
                // the meter's callbacks are gone either way
            }
        }
        cluster.close();
        scheduler.close();
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing left to release
        }
    }
}
