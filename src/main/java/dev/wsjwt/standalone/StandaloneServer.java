package dev.wsjwt.standalone;

import dev.wsjwt.config.ServerTuning;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.LeaderFollowerNIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
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
    private final TyrusServerContainer container;

    public StandaloneServer(String host, int port) {
        this(host, port, ServerTuning.defaults());
    }

    public StandaloneServer(String host, int port, ServerTuning tuning) {
        TokenSafeLogging.install();
        this.container = new EngineContainer();
        this.listener = new NetworkListener("wsjwt", host, port);
        TCPNIOTransport transport = listener.getTransport();
        // Leader-follower: the thread that selected a read event handles it, and a pool thread
        // takes over selecting first (LeaderFollowerNIOStrategy.executeIoEvent). That saves the
        // hand-off of every frame to a worker queue; measured with bench/run.sh on 2 cores
        // (docs/performance.md). Handlers and handshakes still run on pool threads, never on the
        // only selector: one that blocks (a JWKS fetch for an unknown kid, a Redis call) holds a
        // pool thread, as it would with the worker strategy, and the server keeps reading as
        // long as a pool thread is free. The pool size (wsjwt.server.worker-threads) is that bound.
        transport.setIOStrategy(tuning.ioStrategy() == ServerTuning.IoStrategy.LEADER_FOLLOWER
                ? LeaderFollowerNIOStrategy.getInstance() : WorkerThreadIOStrategy.getInstance());
        transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().setPoolName("wsjwt-worker")
                .setCorePoolSize(tuning.workerThreads()).setMaxPoolSize(tuning.workerThreads()));
        transport.setSelectorRunnersCount(tuning.selectorThreads());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // Before the WebSocket add-on, so it sits between the HTTP codec and Tyrus's filter.
        listener.registerAddOn((AddOn) (networkListener, chain) ->
                chain.add(chain.indexOfType(HttpServerFilter.class), new CloseRefusedUpgradeFilter()));
        listener.registerAddOn(webSocketAddOn(container));
        http.addListener(listener);
    }

    public StandaloneServer endpoint(ServerEndpointConfig config) throws DeploymentException {
        container.register(config);
        return this;
    }

    public StandaloneServer http(String path, HttpHandler handler) {
        http.getServerConfiguration().addHttpHandler(handler, path);
        return this;
    }

    public StandaloneServer start() throws IOException {
        http.start();
        return this;
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
        private final TyrusWebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();

        EngineContainer() {
            super((Set<Class<?>>) null);
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
