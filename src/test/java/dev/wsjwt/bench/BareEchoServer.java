package dev.wsjwt.bench;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.ServerTuning;
import dev.wsjwt.standalone.StandaloneServer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's floors: Tyrus with a plain programmatic endpoint that echoes every text frame
 * and no authentication at all, on the same Grizzly listener as wsjwt ({@link StandaloneServer},
 * same transport settings, read from the same {@code wsjwt.server.*} system properties); or,
 * with {@code -Dbench.grizzly-defaults=true}, on the transport as Tyrus's own {@code Server}
 * leaves it (Grizzly's defaults: the worker strategy, 2 x cores pool threads, cores + 1
 * selectors; Tyrus's idle timeout of 0), which is what a Tyrus user gets without tuning. Not a test; started by
 * {@code bench/run.sh}. Prints {@code bare listening: ws://127.0.0.1:<port>/echo}.
 */
public final class BareEchoServer {

    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class,
                    (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty("wsjwt.port", "0"));
        int cores = Runtime.getRuntime().availableProcessors();
        boolean asShipped = Boolean.getBoolean("bench.grizzly-defaults");
        ServerTuning tuning = asShipped
                ? new ServerTuning(ServerTuning.IoStrategy.WORKER, 2 * cores, cores + 1)
                : ServerTuning.from(ConfigLookup.systemProperties());
        StandaloneServer server = new StandaloneServer("127.0.0.1", port, tuning)
                .offloadUpgradesWhen(request -> false) // an echo's upgrade has nothing that waits
                .endpoint(ServerEndpointConfig.Builder.create(Echo.class, "/echo").build());
        if (asShipped) {
            server.container().setDefaultMaxSessionIdleTimeout(0); // Tyrus's own default too
        }
        server.start();
        System.out.println("bare listening: ws://127.0.0.1:" + server.port() + "/echo");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bare-shutdown"));
        stopped.await();
    }
}
