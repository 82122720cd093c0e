package dev.wsjwt.standalone;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.WsjwtConfigurator;
import dev.wsjwt.handshake.AnnotatedEndpoints;
import dev.wsjwt.config.ServerLimits;
import dev.wsjwt.config.ServerTuning;
import dev.wsjwt.handshake.RuntimeHooks;
import dev.wsjwt.handshake.UpgradeRequest;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.Set;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.LeaderFollowerNIOStrategy;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.AnnotatedEndpoint;
import org.glassfish.tyrus.core.ComponentProviderService;
import org.glassfish.tyrus.core.ErrorCollector;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.core.monitoring.EndpointEventListener;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus on a Grizzly server we build ourselves, because Tyrus's own {@code Server} binds every
 * interface whatever host it is given. One port carries the WebSocket endpoints and plain HTTP
 * handlers (the development identity provider, the demo page).
 */
public final class StandaloneServer implements AutoCloseable {

    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;
    private final TCPNIOTransport transport;
    private final ServerTuning tuning;
    private final TyrusServerContainer container;
    private final PendingRequestFilter pendingRequests;
    // Until told otherwise, any upgrade may wait: an endpoint's configurator could do anything.
    private volatile Predicate<UpgradeRequest> upgradeMayWait = request -> true;

    /** The default of {@code wsjwt.token.max-length}. */
    private static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;
    /** Room for everything in an upgrade request besides its tokens: path, Host, Origin, cookies, User-Agent. */
    private static final int HEADER_HEADROOM = 16 * 1024;

    public StandaloneServer(String host, int port) {
        this(host, port, ServerTuning.defaults());
    }

    public StandaloneServer(String host, int port, ServerTuning tuning) {
        this(host, port, tuning, DEFAULT_MAX_TOKEN_LENGTH);
    }

    public StandaloneServer(String host, int port, ServerTuning tuning, int maxTokenLength) {
        this(host, port, tuning, maxTokenLength, ServerLimits.defaults());
    }

    /**
     * @param maxTokenLength {@code wsjwt.token.max-length}: the HTTP header limit is derived from
     *                       it ({@link #headerLimitFor}), so a token the verifier would accept
     *                       is never refused by the HTTP layer with a bare 400
     * @param limits         what is bounded before a connection is a session, and what a frame may declare
     */
    public StandaloneServer(String host, int port, ServerTuning tuning, int maxTokenLength, ServerLimits limits) {
        TokenSafeLogging.install();
        // Tyrus holds a frame's bytes until the frame is complete, plus the rest of the read that
        // completed it: with frames over the limit refused at their header (FrameGuardFilter), a
        // connection's incoming buffer never needs more than this (and Tyrus's "Buffer overflow",
        // a 1011, cannot happen).
        this.container = new EngineContainer(limits.maxMessageBytes() + MAX_FRAME_HEADER + READ_CHUNK);
        this.listener = new NetworkListener("wsjwt", host, port);
        this.transport = listener.getTransport();
        this.tuning = tuning;
        this.pendingRequests = new PendingRequestFilter(limits.maxPendingPerAddress());
        // Why each strategy, and what the same-thread default needs to stay safe: ServerTuning,
        // OffloadUpgradeFilter, MessageLane, docs/performance.md.
        transport.setIOStrategy(switch (tuning.ioStrategy()) {
            case SAME_THREAD -> SameThreadIOStrategy.getInstance();
            case LEADER_FOLLOWER -> LeaderFollowerNIOStrategy.getInstance();
            case WORKER -> WorkerThreadIOStrategy.getInstance();
        });
        // Set for every strategy: with same-thread it runs upgrades, HTTP handlers and message
        // handlers that may block.
        transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().setPoolName("wsjwt-worker")
                .setCorePoolSize(tuning.workerThreads()).setMaxPoolSize(tuning.workerThreads()));
        transport.setSelectorRunnersCount(tuning.selectorThreads());
        listener.setMaxHttpHeaderSize(headerLimitFor(maxTokenLength));
        transport.setReadBufferSize(READ_CHUNK);
        // How long a request may take to arrive, and an idle HTTP connection stay; upgraded
        // connections are exempted (PendingRequestFilter).
        listener.getKeepAlive().setIdleTimeoutInSeconds((int) limits.headerTimeout().toSeconds());
        // Before the WebSocket add-on, so it sits between the HTTP codec and Tyrus's filter.
        listener.registerAddOn((AddOn) (networkListener, chain) -> {
            FrameGuardFilter frameGuard = new FrameGuardFilter(limits.maxMessageBytes());
            int beforeHandlers = chain.indexOfType(HttpServerFilter.class);
            chain.add(beforeHandlers, new CloseRefusedUpgradeFilter());
            chain.add(beforeHandlers, new OffloadUpgradeFilter(request -> upgradeMayWait.test(request)));
            chain.add(beforeHandlers, frameGuard);
            chain.add(beforeHandlers, pendingRequests);
            // Before the HTTP codec: an upgraded connection's frames skip it, and its HTTP state is dropped.
            chain.add(chain.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class), new UpgradedConnectionFilter(frameGuard));
        });
        listener.registerAddOn(webSocketAddOn(container));
        http.addListener(listener);
    }

    /**
     * The request head this server reads for a token limit: twice the token (one in
     * {@code Authorization} and one in {@code Sec-WebSocket-Protocol} as {@code bearer.<token>}
     * must both arrive, to be refused as two tokens with a reason) plus generous headroom, and
     * never below Grizzly's own 8 KiB. With the default limit of 8192: 32 KiB.
     */
    public static int headerLimitFor(int maxTokenLength) {
        return Math.max(8 * 1024, 2 * maxTokenLength + HEADER_HEADROOM);
    }

    public StandaloneServer endpoint(ServerEndpointConfig config) throws DeploymentException {
        container.register(config);
        return this;
    }

    /**
     * Deploys a {@code @ServerEndpoint(configurator = WsjwtConfigurator.class)} class with its
     * configurator bound to {@code wsjwt} and this runtime's hooks, wrapped so that wsjwt sees
     * its sessions open and close ({@link TrackedAnnotatedEndpoint}).
     */
    public StandaloneServer annotatedEndpoint(Class<?> endpointClass, Wsjwt wsjwt) throws DeploymentException {
        Optional<String> problem = AnnotatedEndpoints.requireTrackable(endpointClass);
        if (problem.isPresent()) {
            throw new DeploymentException("wsjwt: " + problem.get());
        }
        ErrorCollector errors = new ErrorCollector();
        AnnotatedEndpoint[] adapter = new AnnotatedEndpoint[1];
        // Inside deployAnnotated: the adapter creates the endpoint's WsjwtConfigurator now.
        wsjwt.deployAnnotated(hooks(), () -> adapter[0] = AnnotatedEndpoint.fromClass(endpointClass,
                ComponentProviderService.create(), true, INCOMING_BUFFER_SIZE, errors, EndpointEventListener.NO_OP));
        if (!errors.isEmpty()) {
            throw errors.composeComprehensiveException();
        }
        ServerEndpointConfig declared = (ServerEndpointConfig) adapter[0].getEndpointConfig();
        if (!(declared.getConfigurator() instanceof WsjwtConfigurator configurator)) {
            throw new DeploymentException("wsjwt: " + endpointClass.getName() + " does not use WsjwtConfigurator");
        }
        TrackedAnnotatedEndpoint tracked = new TrackedAnnotatedEndpoint(adapter[0], wsjwt.sessionManager());
        container.register(ServerEndpointConfig.Builder.create(TrackedAnnotatedEndpoint.class, declared.getPath())
                .decoders(declared.getDecoders())
                .encoders(declared.getEncoders())
                .subprotocols(declared.getSubprotocols())
                .extensions(declared.getExtensions())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                        configurator.modifyHandshake(sec, request, response);
                    }

                    @Override
                    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                        return configurator.getNegotiatedSubprotocol(supported, requested);
                    }

                    @Override
                    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
                        return configurator.getNegotiatedExtensions(installed, requested);
                    }

                    @Override
                    public boolean checkOrigin(String originHeaderValue) {
                        return configurator.checkOrigin(originHeaderValue);
                    }

                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(tracked);
                    }
                })
                .build());
        return this;
    }

    // Tyrus's own default for an annotated endpoint's message buffer (4 MiB payload + frame header).
    private static final int INCOMING_BUFFER_SIZE = 4 * 1024 * 1024 + 11;
    // The most a frame header takes (2 + 8 length + 4 mask), and the most one read delivers.
    private static final int MAX_FRAME_HEADER = 14;
    private static final int READ_CHUNK = 64 * 1024;

    public StandaloneServer http(String path, HttpHandler handler) {
        http.getServerConfiguration().addHttpHandler(handler, path);
        return this;
    }

    public StandaloneServer start() throws IOException {
        http.start();
        return this;
    }

    public boolean isStarted() {
        return http.isStarted();
    }

    /**
     * Which upgrades could wait (on a key fetch, say) and so must leave the selector thread
     * (same-thread only); every upgrade to this server is asked, whatever its endpoint. For wsjwt's
     * endpoints: {@code wsjwt.authenticator()::mayWait}. Asked on the selector: must not block.
     */
    public StandaloneServer offloadUpgradesWhen(Predicate<UpgradeRequest> mayWait) {
        this.upgradeMayWait = mayWait;
        return this;
    }

    /**
     * This runtime's hooks for {@code Wsjwt.endpoint}: refusals with an HTTP status (401/403 and
     * {@code WWW-Authenticate}) and {@link #handlerPool()}.
     */
    public RuntimeHooks hooks() {
        return new TyrusHooks(handlerPool());
    }

    /**
     * Where wsjwt's dispatcher runs handlers that may block: the worker pool when frames are
     * handled on the selector threads (same-thread), none otherwise (they already run on it).
     */
    public Optional<Executor> handlerPool() {
        if (tuning.ioStrategy() != ServerTuning.IoStrategy.SAME_THREAD) {
            return Optional.empty();
        }
        // Resolved per call: the transport creates its pool when the server starts.
        return Optional.of(work -> {
            ExecutorService pool = transport.getWorkerThreadPool();
            if (pool == null) {
                throw new RejectedExecutionException("the server is not running");
            }
            pool.execute(work);
        });
    }

    /** The WebSocket container: its defaults (buffer sizes, idle timeout) apply to sessions opened after a change. */
    public jakarta.websocket.server.ServerContainer container() {
        return container;
    }

    /** Connections whose first request has not fully arrived yet. */
    public int pendingRequests() {
        return pendingRequests.pending();
    }

    /** The bound port: the real one when 0 (ephemeral) was asked for. */
    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        container.stop();
        http.shutdownNow();
    }

    /**
     * Tyrus 2.1's {@code WebSocketAddOn} constructor is package-private; it is the supported way
     * to put the Tyrus engine on a Grizzly listener, and this jar runs on the class path.
     */
    private static AddOn webSocketAddOn(ServerContainer container) {
        try {
            Constructor<WebSocketAddOn> constructor =
                    WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(container, "/");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Tyrus version has no WebSocketAddOn(ServerContainer, String)", e);
        }
    }

    private static final class EngineContainer extends TyrusServerContainer {
        private final TyrusWebSocketEngine engine;

        EngineContainer(int incomingBufferSize) {
            super((Set<Class<?>>) null);
            engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
            // Tyrus (2.1) restarts a session's idle timer on every frame read and every send
            // whenever the timeout is >= 0, and with its default of 0 that means scheduling a
            // no-op task due at once: two wake-ups of its timer thread per request/reply. A
            // negative timeout means "never", as 0 does in the specification, and schedules
            // nothing (bench/run.sh, docs/performance.md).
            setDefaultMaxSessionIdleTimeout(-1);
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            engine.register(config, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of();
        }
    }
}
