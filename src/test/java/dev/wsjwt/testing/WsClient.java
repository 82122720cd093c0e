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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

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
    /** Frames passed over by {@link #request} or {@link #next(String)}, oldest first. */
    private final Deque<JsonObject> skipped = new ArrayDeque<>();
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

    /** Connects with no token at all: the {@code message} transport, authenticated by a first {@code auth}. */
    public static WsClient unauthenticated(URI uri) {
        return connect(uri, Map.of());
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(ByteBuffer bytes) {
        socket.sendBinary(bytes, true).join();
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

    /**
     * Sends a request with a fresh id and returns the reply with that id. Frames that arrive
     * before it (pushes) are kept for {@link #next()}.
     */
    public JsonObject request(String type, JsonObject payload) {
        String id = "r" + ids.incrementAndGet();
        send(type, id, payload);
        return take(frame -> id.equals(frame.getString("id", null)), "the reply to " + id);
    }

    /** The next frame received, or an AssertionError after the timeout. */
    public JsonObject next() {
        return take(frame -> true, "a message");
    }

    /** The next frame of the given type; frames of other types are kept for {@link #next()}. */
    public JsonObject next(String type) {
        return take(frame -> type.equals(frame.getString("type", null)), "a " + type);
    }

    /** The next frame if one arrives within the window, else null (for asserting that nothing is delivered). */
    public synchronized JsonObject poll(Duration window) throws InterruptedException {
        JsonObject kept = kept(frame -> true);
        return kept != null ? kept : received.poll(window.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame, or empty once the connection has closed with nothing left to read. */
    public synchronized Optional<JsonObject> nextUnlessClosed() {
        JsonObject kept = kept(frame -> true);
        if (kept != null) {
            return Optional.of(kept);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                JsonObject next = received.poll(20, TimeUnit.MILLISECONDS);
                if (next != null) {
                    return Optional.of(next);
                }
                if (closed.isDone()) {
                    return Optional.ofNullable(received.poll());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("neither a message nor a close within " + TIMEOUT);
    }

    private synchronized JsonObject take(Predicate<JsonObject> wanted, String what) {
        JsonObject kept = kept(wanted);
        if (kept != null) {
            return kept;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                JsonObject next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("no " + what + " within " + TIMEOUT
                            + (skipped.isEmpty() ? "" : "; skipped " + skipped)
                            + (closed.isDone() ? "; closed " + closed.join() : ""));
                }
                if (wanted.test(next)) {
                    return next;
                }
                skipped.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonObject kept(Predicate<JsonObject> wanted) {
        for (Iterator<JsonObject> it = skipped.iterator(); it.hasNext(); ) {
            JsonObject frame = it.next();
            if (wanted.test(frame)) {
                it.remove();
                return frame;
            }
        }
        return null;
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

    /** Drops the TCP connection without a close handshake, as a crashing client or a lost network would. */
    public void abort() {
        socket.abort();
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
