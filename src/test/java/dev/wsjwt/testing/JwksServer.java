package dev.wsjwt.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP JWKS endpoint on a loopback ephemeral port; its answer can be changed mid-test:
 * body, status, delay, a {@code Cache-Control} header, a redirect, and further JSON documents
 * (e.g. an OpenID discovery document) under {@link #base()}.
 */
public final class JwksServer implements AutoCloseable {

    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<String> cacheControl = new AtomicReference<>();
    private final AtomicReference<String> redirect = new AtomicReference<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final AtomicInteger documentHits = new AtomicInteger();

    public JwksServer(String jwks) {
        this(jwks, 0);
    }

    /** On {@code port} (0: an ephemeral one): to bring a stopped key server back where a deployment looks for it. */
    public JwksServer(String jwks, int port) {
        body.set(jwks);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks.json", this::jwks);
        server.createContext("/", this::document);
        server.setExecutor(executor);
        server.start();
    }

    private void jwks(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        try {
            Thread.sleep(delay.get().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        String location = redirect.get();
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        String cc = cacheControl.get();
        if (cc != null) {
            exchange.getResponseHeaders().add("Cache-Control", cc);
        }
        respond(exchange, status.get(), body.get());
    }

    private void document(HttpExchange exchange) throws IOException {
        documentHits.incrementAndGet();
        String document = documents.get(exchange.getRequestURI().getPath());
        respond(exchange, document == null ? 404 : 200, document == null ? "{}" : document);
    }

    private static void respond(HttpExchange exchange, int code, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code http://127.0.0.1:<port>}: usable as an issuer whose metadata this server serves. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return base() + "/jwks.json";
    }

    public void serve(String jwks) {
        body.set(jwks);
    }

    public void status(int code) {
        status.set(code);
    }

    public void delay(Duration d) {
        delay.set(d);
    }

    /** The {@code Cache-Control} header of JWKS answers; {@code null} for none. */
    public void cacheControl(String value) {
        cacheControl.set(value);
    }

    /** Answers the JWKS path with {@code 302 Location: <location>}; {@code null} to stop. */
    public void redirect(String location) {
        redirect.set(location);
    }

    /** Serves a JSON document at a path other than the JWKS path, e.g. {@link #DISCOVERY_PATH}. */
    public void document(String path, String json) {
        documents.put(path, json);
    }

    /** Requests to the JWKS path. */
    public int hits() {
        return hits.get();
    }

    /** Requests to any other path (discovery documents). */
    public int documentHits() {
        return documentHits.get();
    }

    @Override
    public void close() {
        server.stop(0);
        // Its idle threads are not daemons: left alive they hold the test JVM open for a minute.
        executor.shutdownNow();
    }
}
