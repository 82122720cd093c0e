package dev.wsjwt.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The benchmark's second load client, independent of the Node one ({@code bench/node/load.mjs}):
 * the JDK's own {@code java.net.http} WebSocket client, with the same phases and the same tokens.
 * One process, driven by {@code bench/node/bench.mjs} over stdin/stdout with one JSON object a
 * line ({@code {"id","cmd","args"}} in, {@code {"id","result"}} or {@code {"id","error"}} out),
 * the commands of load.mjs: {@code handshakes} (connect with {@code Authorization: Bearer}, one
 * {@code whoami}, wait for the reply, close; {@code concurrency} loops in flight), {@code rrOpen},
 * {@code rrRun}, {@code rrClose}, {@code idleOpen}, {@code idleClose}. Latencies in milliseconds.
 * Not a test.
 */
public final class JavaLoadClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "load-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(executor).connectTimeout(TIMEOUT).build();
    private List<Conn> rr = new ArrayList<>();
    private final List<Conn> idle = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        JavaLoadClient client = new JavaLoadClient();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.flush();
        out.println("{\"ready\":true}");
        for (String line; (line = in.readLine()) != null; ) {
            JsonObject request = Json.createReader(new StringReader(line)).readObject();
            long id = request.getJsonNumber("id").longValue();
            String reply;
            try {
                reply = client.run(request.getString("cmd"), request.getJsonObject("args"));
                reply = "{\"id\":" + id + ",\"result\":" + reply + "}";
            } catch (Exception e) {
                reply = Json.createObjectBuilder().add("id", id).add("error", String.valueOf(e)).build().toString();
            }
            out.println(reply);
        }
        System.exit(0);
    }

    private String run(String cmd, JsonObject args) throws Exception {
        return switch (cmd) {
            case "handshakes" -> handshakes(URI.create(args.getString("url")), tokens(args), args.getInt("concurrency"));
            case "rrOpen" -> rrOpen(URI.create(args.getString("url")), tokens(args));
            case "rrRun" -> rrRun(args.getInt("perConnection"));
            case "rrClose" -> {
                closeAll(rr);
                rr = new ArrayList<>();
                yield "{}";
            }
            case "idleOpen" -> {
                List<String> tokens = tokens(args);
                int[] errors = {0};
                idle.addAll(connectAll(URI.create(args.getString("url")), tokens, 32, errors));
                yield "{\"open\":" + (tokens.size() - errors[0]) + ",\"errors\":" + errors[0] + "}";
            }
            case "idleClose" -> {
                closeAll(idle);
                idle.clear();
                yield "{}";
            }
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        };
    }

    private static List<String> tokens(JsonObject args) {
        JsonArray array = args.getJsonArray("tokens");
        List<String> tokens = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            tokens.add(((JsonString) array.get(i)).getString());
        }
        return tokens;
    }

    private static String whoami(Object id) {
        return "{\"type\":\"whoami\",\"id\":\"" + id + "\"}";
    }

    /** Connect, one whoami, wait for the reply, close and wait for the server's close; repeat. */
    private String handshakes(URI url, List<String> tokens, int concurrency) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Queue<Double> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(Math.min(concurrency, tokens.size()));
        long start = System.nanoTime();
        for (int i = 0; i < Math.min(concurrency, tokens.size()); i++) {
            new Runnable() {
                @Override
                public void run() {
                    int k = next.getAndIncrement();
                    if (k >= tokens.size()) {
                        done.countDown();
                        return;
                    }
                    long t0 = System.nanoTime();
                    Runnable loop = this;
                    CompletableFuture<Void> closed = new CompletableFuture<>();
                    boolean[] answered = {false};
                    Listener listener = new Listener(text -> {
                        answered[0] = true;
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }, closed, true);
                    open(url, tokens.get(k), listener)
                            .thenCompose(ws -> listener.send(ws, whoami(1)))
                            .exceptionally(e -> {
                                closed.complete(null);
                                return null;
                            });
                    closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).whenComplete((v, e) -> {
                        if (!answered[0]) {
                            errors.incrementAndGet();
                        }
                        loop.run();
                    });
                }
            }.run();
        }
        done.await();
        double ms = (System.nanoTime() - start) / 1e6;
        return "{\"count\":" + latencies.size() + ",\"errors\":" + errors.get() + ",\"ms\":" + ms
                + ",\"latencies\":" + numbers(latencies) + "}";
    }

    private CompletableFuture<WebSocket> open(URI url, String token, Listener listener) {
        return http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .buildAsync(url, listener);
    }

    private List<Conn> connectAll(URI url, List<String> tokens, int concurrency, int[] errors) throws InterruptedException {
        List<Conn> open = new ArrayList<>(tokens.size());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(Math.min(concurrency, tokens.size()));
        for (int i = 0; i < Math.min(concurrency, tokens.size()); i++) {
            new Runnable() {
                @Override
                public void run() {
                    int k = next.getAndIncrement();
                    if (k >= tokens.size()) {
                        done.countDown();
                        return;
                    }
                    Conn conn = new Conn();
                    open(url, tokens.get(k), conn.listener).whenComplete((ws, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        } else {
                            conn.ws = ws;
                            synchronized (open) {
                                open.add(conn);
                            }
                        }
                        run();
                    });
                }
            }.run();
        }
        done.await();
        errors[0] = failed.get();
        return open;
    }

    private String rrOpen(URI url, List<String> tokens) throws Exception {
        int[] errors = {0};
        rr = connectAll(url, tokens, 16, errors);
        String sample = null;
        for (Conn conn : rr) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            conn.onText = reply::complete;
            conn.listener.send(conn.ws, whoami("w"));
            sample = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator g = Json.createGenerator(json)) {
            g.writeStartObject().write("open", rr.size()).write("errors", errors[0]);
            if (sample != null) {
                g.write("sample", sample);
            }
            g.writeEnd();
        }
        return json.toString();
    }

    /** Every connection sends whoami, waits for the reply, sends the next; perConnection each. */
    private String rrRun(int perConnection) throws InterruptedException {
        double[] latencies = new double[rr.size() * perConnection];
        AtomicInteger n = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(rr.size());
        long start = System.nanoTime();
        for (Conn conn : rr) {
            int[] sent = {0};
            long[] t0 = {0};
            Runnable send = () -> {
                t0[0] = System.nanoTime();
                conn.listener.send(conn.ws, whoami(sent[0]++));
            };
            conn.onText = text -> {
                latencies[n.getAndIncrement()] = (System.nanoTime() - t0[0]) / 1e6;
                if (sent[0] < perConnection) {
                    send.run();
                } else {
                    done.countDown();
                }
            };
            send.run();
        }
        if (!done.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("request/reply did not finish: " + done.getCount() + " connections left");
        }
        double ms = (System.nanoTime() - start) / 1e6;
        StringBuilder sb = new StringBuilder("{\"count\":").append(n.get()).append(",\"ms\":").append(ms).append(",\"latencies\":[");
        for (int i = 0; i < n.get(); i++) {
            sb.append(i == 0 ? "" : ",").append(latencies[i]);
        }
        return sb.append("]}").toString();
    }

    private static void closeAll(List<Conn> conns) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Conn conn : conns) {
            conn.listener.sending.thenCompose(v -> retrying(() -> conn.ws.sendClose(WebSocket.NORMAL_CLOSURE, "")));
            closing.add(conn.closed.completeOnTimeout(null, 5, TimeUnit.SECONDS).whenComplete((v, e) -> conn.ws.abort()));
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * A send, tried again shortly while the previous one is still "pending": the JDK completes a
     * send's future before it clears its pending flag, so a send chained on the last one's future
     * can find it still set.
     */
    static CompletableFuture<Void> retrying(Supplier<CompletableFuture<WebSocket>> send) {
        CompletableFuture<WebSocket> attempt;
        try {
            attempt = send.get();
        } catch (IllegalStateException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.handle((ws, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
            if (cause == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("pending")) {
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50, TimeUnit.MICROSECONDS))
                        .thenCompose(v -> retrying(send));
            }
            return CompletableFuture.<Void>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private static String numbers(Iterable<Double> values) {
        StringBuilder sb = new StringBuilder("[");
        for (Double v : values) {
            sb.append(sb.length() == 1 ? "" : ",").append(v);
        }
        return sb.append(']').toString();
    }

    /** One open connection of the request/reply or idle phases. */
    private static final class Conn {
        volatile WebSocket ws;
        volatile Consumer<String> onText = text -> { };
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final Listener listener = new Listener(text -> onText.accept(text), closed, false);
    }

    /** Whole text messages to {@code onText}; on the first one, closes when {@code closeOnReply}. */
    private static final class Listener implements WebSocket.Listener {
        private final Consumer<String> onText;
        private final CompletableFuture<Void> closed;
        private final boolean closeOnReply;
        private StringBuilder partial;
        // the last send: the next waits for it (the reply can arrive before the send completes)
        private volatile CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        CompletableFuture<?> send(WebSocket ws, String text) {
            CompletableFuture<?> next = sending.thenCompose(v -> retrying(() -> ws.sendText(text, true)));
            sending = next;
            return next;
        }

        Listener(Consumer<String> onText, CompletableFuture<Void> closed, boolean closeOnReply) {
            this.onText = onText;
            this.closed = closed;
            this.closeOnReply = closeOnReply;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!last) {
                (partial == null ? partial = new StringBuilder() : partial).append(data);
            } else {
                String text = partial == null ? data.toString() : partial.append(data).toString();
                partial = null;
                onText.accept(text);
                if (closeOnReply) {
                    // after the send completes: a java.net.http WebSocket allows one send at a time
                    sending = sending.thenCompose(v -> retrying(() -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "")));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(null);
        }
    }
}
