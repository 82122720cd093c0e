package dev.wsjwt.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real WebSocket client (the JDK's) that queues what it receives and remembers the close. */
public final class WsClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Close(int code, String reason) {
    }

    /** The upgrade was refused: the HTTP status and the WWW-Authenticate header. */
    public record Refusal(int status, String wwwAuthenticate) {
    }

    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;

    private WsClient() {
    }

    public static WsClient connect(URI uri, Map<String, String> headers, String... subprotocols) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            client.socket = builder.buildAsync(uri, client.listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new RefusedException(refusal(refused.getResponse()));
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    /**
     * Opens with a bearer header without blocking: completes with the client, or exceptionally
     * (a {@link WebSocketHandshakeException} for a refusal). For many concurrent handshakes, so
     * the handshake may take up to a minute on a busy machine.
     */
    public static CompletableFuture<WsClient> bearerAsync(URI uri, String token) {
        WsClient client = new WsClient();
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, client.listener())
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    public static WsClient bearer(URI uri, String token) {
        return connect(uri, Map.of("Authorization", "Bearer " + token));
    }

    /** Connects expecting a refusal, and returns it. */
    public static Refusal refused(URI uri, Map<String, String> headers, String... subprotocols) {
        try (WsClient unexpected = connect(uri, headers, subprotocols)) {
            throw new AssertionError("upgrade was accepted");
        } catch (RefusedException e) {
            return e.refusal;
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public void send(String type, String id, JsonObject payload) {
        JsonObjectBuilder builder = Json.createObjectBuilder().add("type", type);
        if (id != null) {
            builder.add("id", id);
        }
        if (payload != null) {
            builder.add("payload", payload);
        }
        sendText(builder.build().toString());
    }

    /** Sends a request with a fresh id and returns the reply with that id (skipping pushes). */
    public JsonObject request(String type, JsonObject payload) {
        String id = "r" + ids.incrementAndGet();
        send(type, id, payload);
        while (true) {
            JsonObject next = next();
            if (id.equals(next.getString("id", null))) {
                return next;
            }
        }
    }

    /** The next frame received, or an AssertionError after the timeout. */
    public JsonObject next() {
        try {
            JsonObject next = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no message within " + TIMEOUT + (closed.isDone() ? "; closed " + closed.join() : ""));
            }
            return next;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame of the given type, skipping others. */
    public JsonObject next(String type) {
        while (true) {
            JsonObject next = next();
            if (type.equals(next.getString("type", null))) {
                return next;
            }
        }
    }

    /** Nothing arrives within the window (for asserting that nothing is delivered). */
    public JsonObject poll(Duration window) throws InterruptedException {
        return received.poll(window.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Close awaitClose() {
        try {
            return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + TIMEOUT, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(Json.createReader(new StringReader(partial.toString())).readObject());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Close(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Close(1006, String.valueOf(error)));
            }
        };
    }

    private static Refusal refusal(HttpResponse<?> response) {
        return new Refusal(response.statusCode(), response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    /** Thrown by {@link #connect} when the server refused the upgrade. */
    public static final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        RefusedException(Refusal refusal) {
            super("upgrade refused: " + refusal);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }
}
