package dev.wsjwt.bench;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.NodeProcess;
import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * Soak under attack, not a test: one standalone wsjwt process with Redis and a loopback JWKS
 * endpoint; legitimate chat clients renewing in-band while hostile clients do everything at once,
 * the JWKS endpoint fails for a while, the keys rotate and Redis restarts. Counts what the
 * legitimate clients lost, and samples the server's heap after GC, threads, descriptors and
 * established connections. Run with {@code bench/soak [attack-seconds]}.
 */
public final class AttackSoak {

    private static final int LEGIT = 20;
    private static final int ROOMS = 4;
    private static final long TOKEN_LIFETIME = 45;
    private static final long RENEW_AFTER = 20;
    private static final int MAX_SIZE = 65536;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Counters by name; the report prints them all. */
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static final List<String> NOTES = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicReference<RsaJsonWebKey> SIGNING = new AtomicReference<>();
    private static final RsaJsonWebKey FORGER = TestKeys.rsa("rsa-1", 2048);
    private static final RsaJsonWebKey STRANGER = TestKeys.rsa("rsa-unknown", 2048);
    private static volatile boolean attacking;
    private static volatile boolean stopping;
    private static volatile int phase; // 0 baseline, 1 attack, 2 cool-down
    private static final List<ConcurrentLinkedQueue<Long>> LATENCIES =
            List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());

    private AttackSoak() {
    }

    private static void count(String name) {
        COUNTS.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    private static long counted(String name) {
        LongAdder adder = COUNTS.get(name);
        return adder == null ? 0 : adder.sum();
    }

    private static void note(String text) {
        String line = Instant.now() + " " + text;
        NOTES.add(line);
        System.out.println(line);
    }

    private static String legitToken(String sub, long lifetime) {
        return TokenBuilder.token(sub).permissions("chat:read", "chat:write").expiresIn(lifetime)
                .signedWith(SIGNING.get(), "RS256").sign();
    }

    public static void main(String[] args) throws Exception {
        long attackSeconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        long baselineSeconds = args.length > 1 ? Long.parseLong(args[1]) : 30;
        long coolDownSeconds = args.length > 2 ? Long.parseLong(args[2]) : 30;
        String command = "bench/soak" + (args.length > 0 ? " " + String.join(" ", args) : "");
        SIGNING.set(TestKeys.RSA);
        List<Sample> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Legit> legit = new ArrayList<>();
        Instant started = Instant.now();
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA));
             RedisServer redis = RedisServer.start()) {
            Map<String, String> settings = Map.of(
                    "mp.jwt.verify.publickey.location", jwks.url(),
                    "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                    "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE,
                    "wsjwt.cluster.redis", redis.url(),
                    "wsjwt.management.port", "-1");
            try (NodeProcess node = NodeProcess.start("soak", settings)) {
                long serverPid = node.pid();
                Thread hook = new Thread(() -> { // interrupted (Ctrl-C): the try-with-resources never runs
                    ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroy);
                    redis.stop();
                });
                Runtime.getRuntime().addShutdownHook(hook);
                int port = node.port();
                note("server pid " + node.pid() + " on port " + port + "; redis " + redis.url() + "; jwks " + jwks.url());
                Thread.sleep(3000);
                samples.add(Sample.take("start", node, started));

                // Legitimate clients: 20, four rooms, joined before anyone sends.
                for (int i = 0; i < LEGIT; i++) {
                    legit.add(new Legit("user" + i, "room" + (i % ROOMS), node.ws()));
                }
                for (Legit client : legit) {
                    client.open();
                }
                for (Legit client : legit) {
                    Thread t = new Thread(client::run, client.sub);
                    t.setDaemon(true);
                    threads.add(t);
                }
                threads.forEach(Thread::start);
                Thread churn = daemon("churn", () -> churn(node.ws()));
                churn.start();
                threads.add(churn);

                note("baseline (no attackers) for " + baselineSeconds + " s");
                Thread.sleep(baselineSeconds * 1000);
                samples.add(Sample.take("after baseline", node, started));

                phase = 1;
                attacking = true;
                note("attack for " + attackSeconds + " s");
                threads.addAll(startAttackers(port));
                long attackStart = System.nanoTime();
                List<Event> events = new ArrayList<>(List.of(
                        new Event(attackSeconds * 15 / 100, "JWKS endpoint failing (HTTP 500)", () -> jwks.status(500)),
                        new Event(attackSeconds * 15 / 100 + Math.min(90, attackSeconds / 6), "JWKS endpoint back", () -> jwks.status(200)),
                        new Event(attackSeconds * 40 / 100, "keys rotating: JWKS serves rsa-2 and rsa-1",
                                () -> jwks.serve(TestKeys.jwks(TestKeys.RSA_OTHER, TestKeys.RSA))),
                        new Event(attackSeconds * 40 / 100 + 15, "legitimate tokens now signed with rsa-2",
                                () -> SIGNING.set(TestKeys.RSA_OTHER)),
                        new Event(attackSeconds * 55 / 100, "JWKS serves rsa-2 only", () -> jwks.serve(TestKeys.jwks(TestKeys.RSA_OTHER))),
                        new Event(attackSeconds * 70 / 100, "Redis stopped", redis::stop),
                        new Event(attackSeconds * 70 / 100 + 10, "Redis started again", redis::startAgain)));
                long nextSample = 30;
                while (true) {
                    long elapsed = (System.nanoTime() - attackStart) / 1_000_000_000L;
                    if (elapsed >= attackSeconds) {
                        break;
                    }
                    for (Event event : events) {
                        if (!event.done && elapsed >= event.at) {
                            event.done = true;
                            note("t+" + elapsed + " s: " + event.what);
                            event.action.run();
                        }
                    }
                    if (elapsed >= nextSample) {
                        samples.add(Sample.take("attack t+" + nextSample + " s", node, started));
                        System.out.println(samples.get(samples.size() - 1) + "  " + progress());
                        nextSample += 30;
                    }
                    Thread.sleep(200);
                }
                for (Event event : events) {
                    if (!event.done) {
                        event.done = true;
                        event.action.run();
                    }
                }
                attacking = false;
                phase = 2;
                note("attackers stopping; legitimate clients stopping");
                stopping = true;
                for (Thread t : threads) {
                    t.join(30_000);
                }
                Thread.sleep(3000); // the last pushes
                samples.add(Sample.take("attack over, legitimate still connected", node, started));
                Delivery delivery = Delivery.of(legit);
                for (Legit client : legit) {
                    client.close();
                }
                note("cool-down " + coolDownSeconds + " s, nobody connected");
                Thread.sleep(coolDownSeconds * 1000);
                samples.add(Sample.take("after cool-down", node, started));
                String report = report(command, attackSeconds, baselineSeconds, coolDownSeconds, samples, delivery, legit, started);
                System.out.println(report);
                File dir = new File("bench/results/soak");
                dir.mkdirs();
                Path file = dir.toPath().resolve("soak-" + started.toString().replace(':', '-') + ".txt");
                Files.writeString(file, report);
                Files.copy(Path.of("target/node-soak.log"), dir.toPath().resolve("soak-" + started.toString().replace(':', '-') + "-server.log"));
                System.out.println("report written to " + file);
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } finally {
            stopping = true;
            attacking = false;
        }
        System.exit(0);
    }

    private static String progress() {
        return "sent " + counted("legit.sent") + ", acked " + counted("legit.acked") + ", renewed " + counted("legit.renewed")
                + ", hostile handshakes " + counted("hostile.handshakes");
    }

    private static final class Event {
        final long at;
        final String what;
        final Runnable action;
        boolean done;

        Event(long at, String what, Runnable action) {
            this.at = at;
            this.what = what;
            this.action = action;
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                note(name + " died: " + e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- measurements

    private record Sample(String label, long atSeconds, long heapKiB, int threads, int fds, int established) {

        static Sample take(String label, NodeProcess node, Instant started) {
            long pid = node.pid();
            long heap = -1;
            try {
                run("jcmd", Long.toString(pid), "GC.run");
                Matcher m = Pattern.compile("used (\\d+)K").matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
                if (m.find()) {
                    heap = Long.parseLong(m.group(1));
                }
            } catch (IOException e) {
                note("jcmd failed: " + e);
            }
            int threads = -1;
            int fds = -1;
            int established = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("Threads:")) {
                        threads = Integer.parseInt(line.substring(8).trim());
                    }
                }
                String[] fd = new File("/proc/" + pid + "/fd").list();
                fds = fd == null ? -1 : fd.length;
                established = establishedTo(node.port());
            } catch (IOException e) {
                note("/proc failed: " + e);
            }
            return new Sample(label, Duration.between(started, Instant.now()).toSeconds(), heap, threads, fds, established);
        }

        @Override
        public String toString() {
            return String.format("%-42s t=%5d s  heap after GC %7d KiB  threads %4d  fds %5d  established %5d",
                    label, atSeconds, heapKiB, threads, fds, established);
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Server-side established TCP connections on the port (from /proc/net/tcp and tcp6). */
    private static int establishedTo(int port) throws IOException {
        String hex = String.format(":%04X", port);
        int n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hex) && "01".equals(f[3])) {
                    n++;
                }
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- legitimate clients

    /** Per sender, at one receiver: which sequence numbers arrived, duplicates and reorderings. */
    private static final class Seen {
        final BitSet seen = new BitSet();
        int max = -1;
        long duplicated;
        long reordered;
    }

    private static final class Legit {
        final String sub;
        final String room;
        final URI uri;
        final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
        final Map<String, Seen> received = new ConcurrentHashMap<>();
        final BitSet acked = new BitSet();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final AtomicInteger ids = new AtomicInteger();
        final StringBuilder partial = new StringBuilder();
        volatile int lastSeq = -1;
        volatile boolean leaving;
        WebSocket ws;

        Legit(String sub, String room, URI uri) {
            this.sub = sub;
            this.room = room;
            this.uri = uri;
        }

        void open() {
            String token = legitToken(sub, TOKEN_LIFETIME);
            try {
                ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .buildAsync(uri, listener()).get(60, TimeUnit.SECONDS);
                count("legit.handshakes.accepted");
            } catch (Exception e) {
                handshakeFailed(e);
                throw new IllegalStateException("legitimate client " + sub + " could not connect", e);
            }
        }

        long renewedAt = System.nanoTime();

        void run() {
            Random random = new Random(sub.hashCode());
            try {
                JsonObject joined = request("chat.join", Json.createObjectBuilder().add("room", room).build());
                if (!"result".equals(joined.getString("type", null))) {
                    note(sub + " could not join: " + joined);
                    count("legit.errors");
                }
                int seq = 0;
                while (!stopping && !closed.isDone()) {
                    if (System.nanoTime() - renewedAt > TimeUnit.SECONDS.toNanos(RENEW_AFTER)) {
                        renew();
                    }
                    int p = phase;
                    long start = System.nanoTime();
                    JsonObject reply;
                    count("legit.sent");
                    try {
                        reply = request("chat.send", Json.createObjectBuilder().add("room", room).add("text", "seq=" + seq).build());
                    } catch (Exception e) {
                        count("legit.send.no-reply");
                        note(sub + " no reply to chat.send " + seq + ": " + e);
                        seq++;
                        continue;
                    }
                    long nanos = System.nanoTime() - start;
                    if ("result".equals(reply.getString("type", null))) {
                        synchronized (acked) {
                            acked.set(seq);
                        }
                        lastSeq = seq;
                        count("legit.acked");
                        LATENCIES.get(p).add(nanos);
                    } else {
                        count("legit.send.error." + reply.getJsonObject("error").getString("code", "?"));
                        note(sub + " chat.send " + seq + " refused: " + reply);
                    }
                    seq++;
                    Thread.sleep(150 + random.nextInt(100));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                count("legit.errors");
                note(sub + " failed: " + e);
            }
        }

        void renew() {
            renewedAt = System.nanoTime();
            JsonObject reply = request("auth", Json.createObjectBuilder().add("token", legitToken(sub, TOKEN_LIFETIME)).build());
            if ("result".equals(reply.getString("type", null))) {
                count("legit.renewed");
            } else {
                count("legit.renewal.refused");
                note(sub + " renewal refused: " + reply);
            }
        }

        JsonObject request(String type, JsonObject payload) {
            String id = "r" + ids.incrementAndGet();
            CompletableFuture<JsonObject> reply = new CompletableFuture<>();
            pending.put(id, reply);
            String text = Json.createObjectBuilder().add("type", type).add("id", id).add("payload", payload).build().toString();
            try {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                return reply.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException(type + " " + id + ": " + e + (closed.isDone() ? "; closed " + closed.join() : ""), e);
            } finally {
                pending.remove(id);
            }
        }

        void onFrame(JsonObject frame) {
            String type = frame.getString("type", "");
            if ("chat.message".equals(type)) {
                JsonObject payload = frame.getJsonObject("payload");
                String from = payload.getString("from");
                int seq = Integer.parseInt(payload.getString("text").substring(4));
                Seen seen = received.computeIfAbsent(from, k -> new Seen());
                if (seen.seen.get(seq)) {
                    seen.duplicated++;
                } else if (seq < seen.max) {
                    seen.reordered++;
                }
                seen.seen.set(seq);
                seen.max = Math.max(seen.max, seq);
            } else if ("result".equals(type) || "error".equals(type)) {
                CompletableFuture<JsonObject> reply = pending.get(frame.getString("id", ""));
                if (reply != null) {
                    reply.complete(frame);
                } else {
                    count("legit.unmatched-replies");
                }
            } else if ("auth.expiring".equals(type)) {
                count("legit.expiring-warnings");
            } else {
                count("legit.other-frames." + type);
            }
        }

        WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        try {
                            onFrame(Json.createReader(new StringReader(partial.toString())).readObject());
                        } catch (RuntimeException e) {
                            count("legit.unreadable-frames");
                        }
                        partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    if (!stopping && !leaving) {
                        count("legit.closed.unexpectedly." + statusCode);
                        note(sub + " closed by the server: " + statusCode + " " + reason);
                    }
                    closed.complete(statusCode + " " + reason);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    if (!stopping && !leaving) {
                        count("legit.closed.unexpectedly.error");
                        note(sub + " connection error: " + error);
                    }
                    closed.complete("error " + error);
                }
            };
        }

        void close() {
            leaving = true;
            if (ws != null && !closed.isDone()) {
                try {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    ws.abort();
                }
            }
        }
    }

    private static void handshakeFailed(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            count("legit.handshakes.refused." + status);
            note("legitimate handshake refused " + status + " " + refused.getResponse().headers().firstValue("WWW-Authenticate").orElse(""));
        } else {
            count("legit.handshakes.failed");
            note("legitimate handshake failed: " + cause);
        }
    }

    /** Legitimate reconnections throughout: a fresh token (the current key), whoami, close. */
    private static void churn(URI uri) {
        int i = 0;
        while (!stopping) {
            String sub = "churn" + (i++ % 50);
            Legit client = new Legit(sub, "none", uri);
            try {
                client.open();
                JsonObject who = client.request("whoami", Json.createObjectBuilder().build());
                count("result".equals(who.getString("type", null)) ? "legit.churn.ok" : "legit.churn.whoami-refused");
            } catch (RuntimeException e) {
                count("legit.churn.failed");
            } finally {
                client.close();
            }
            sleep(500);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lost: acknowledged to its sender, missing at a receiver in the room. */
    private record Delivery(long delivered, long lost, long duplicated, long reordered, long acked) {
        static Delivery of(List<Legit> clients) {
            long delivered = 0;
            long lost = 0;
            long duplicated = 0;
            long reordered = 0;
            long acked = 0;
            for (Legit sender : clients) {
                BitSet sent;
                synchronized (sender.acked) {
                    sent = (BitSet) sender.acked.clone();
                }
                acked += sent.cardinality();
                for (Legit receiver : clients) {
                    if (!receiver.room.equals(sender.room)) {
                        continue;
                    }
                    Seen seen = receiver.received.get(sender.sub);
                    BitSet missing = (BitSet) sent.clone();
                    if (seen != null) {
                        missing.andNot(seen.seen);
                        delivered += seen.seen.cardinality();
                        duplicated += seen.duplicated;
                        reordered += seen.reordered;
                    }
                    lost += missing.cardinality();
                }
            }
            return new Delivery(delivered, lost, duplicated, reordered, acked);
        }
    }

    // ---------------------------------------------------------------- hostile clients

    private static List<Thread> startAttackers(int port) {
        List<Thread> threads = new ArrayList<>();
        Map<String, List<String>> bad = badTokens();
        for (int i = 0; i < 6; i++) { // several: a token with an unknown kid waits for the next allowed JWKS refresh
            int n = i;
            threads.add(daemon("bad-tokens-" + i, () -> badTokenHandshakes(port, bad, n)));
        }
        threads.add(daemon("bad-auth-messages", () -> badAuthMessages(port, bad)));
        for (int i = 0; i < 50; i++) {
            int n = i;
            threads.add(daemon("never-auth-" + i, () -> neverAuthenticate(port, n)));
        }
        threads.add(daemon("hostile-frames-a", () -> hostileFrames(port, 0)));
        threads.add(daemon("hostile-frames-b", () -> hostileFrames(port, 1)));
        threads.add(daemon("flood", () -> flood(port)));
        threads.add(daemon("slow-upgrades", () -> slowUpgrades(port)));
        threads.forEach(Thread::start);
        return threads;
    }

    private static Map<String, List<String>> badTokens() {
        Map<String, List<String>> tokens = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            String sub = "mallory" + i;
            tokens.computeIfAbsent("expired", k -> new ArrayList<>()).add(TokenBuilder.token(sub).permissions("chat:read")
                    .issuedSecondsAgo(3600).expiresIn(-600).sign());
            tokens.computeIfAbsent("forged", k -> new ArrayList<>()).add(TokenBuilder.token(sub).permissions("chat:read")
                    .signedWith(FORGER, "RS256").sign());
            tokens.computeIfAbsent("unknown-kid", k -> new ArrayList<>()).add(TokenBuilder.token(sub).permissions("chat:read")
                    .signedWith(STRANGER, "RS256").sign());
            tokens.computeIfAbsent("wrong-audience", k -> new ArrayList<>()).add(TokenBuilder.token(sub).claim("aud", "elsewhere").sign());
            tokens.computeIfAbsent("garbage", k -> new ArrayList<>()).add("eyJhbGciOiJSUzI1NiJ9.not-json." + "x".repeat(20 * i));
            String valid = TokenBuilder.token(sub).sign();
            tokens.computeIfAbsent("tampered", k -> new ArrayList<>()).add(valid.substring(0, valid.length() - 6) + "AAAAAA");
            tokens.computeIfAbsent("oversized", k -> new ArrayList<>()).add(TokenBuilder.token(sub)
                    .claim("groups", List.of("g".repeat(9000 + i))).sign());
            tokens.computeIfAbsent("alg-none", k -> new ArrayList<>()).add(
                    "eyJhbGciOiJub25lIn0" + valid.substring(valid.indexOf('.'), valid.lastIndexOf('.') + 1));
        }
        return tokens;
    }

    private static final String[] TRANSPORTS = {"header", "query", "subprotocol"};

    private static void badTokenHandshakes(int port, Map<String, List<String>> bad, int n) {
        List<String> kinds = new ArrayList<>(bad.keySet());
        Random random = new Random(n);
        while (attacking) {
            String kind = kinds.get(random.nextInt(kinds.size()));
            String token = bad.get(kind).get(random.nextInt(10));
            String transport = TRANSPORTS[random.nextInt(TRANSPORTS.length)];
            String target = "/ws/chat";
            Map<String, String> headers = new TreeMap<>();
            switch (transport) {
                case "header" -> headers.put("Authorization", "Bearer " + token);
                case "query" -> target += "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                default -> headers.put("Sec-WebSocket-Protocol", "wsjwt, bearer." + token);
            }
            count("hostile.handshakes");
            try (Raw raw = new Raw("127.0.0.2", port, 10_000)) {
                raw.upgradeRequest(port, target, headers);
                int status = raw.status();
                count("bad-token." + kind + "." + transport + ".status." + status);
                if (status == 101) {
                    count("bad-token.accepted");
                } else if (status >= 500) {
                    count("server-error.http." + status);
                }
            } catch (IOException e) {
                count("bad-token." + kind + "." + transport + ".io-error");
            }
        }
    }

    private static void badAuthMessages(int port, Map<String, List<String>> bad) {
        List<String> kinds = new ArrayList<>(bad.keySet());
        Random random = new Random(7);
        while (attacking) {
            String kind = kinds.get(random.nextInt(kinds.size()));
            String token = bad.get(kind).get(random.nextInt(10));
            count("hostile.handshakes");
            try (Raw raw = new Raw("127.0.0.2", port, 15_000)) {
                if (!raw.upgrade(port, "bad-auth")) {
                    continue;
                }
                String auth = Json.createObjectBuilder().add("type", "auth").add("id", "a")
                        .add("payload", Json.createObjectBuilder().add("token", token)).build().toString();
                raw.send(RawUpgrade.frame(true, 1, auth.getBytes(StandardCharsets.UTF_8)));
                int code = raw.closeCode();
                count("bad-auth-message." + kind + ".close." + code);
                serverError(code);
            } catch (IOException e) {
                count("bad-auth-message." + kind + ".io-error");
            }
        }
    }

    /** Tokenless connections that never authenticate; every other one holds most of a message. */
    private static void neverAuthenticate(int port, int n) {
        while (attacking) {
            count("hostile.handshakes");
            long start = System.nanoTime();
            try (Raw raw = new Raw("127.0.0.3", port, 30_000)) {
                if (!raw.upgrade(port, "never-auth")) {
                    sleep(1000);
                    continue;
                }
                String variant = n % 2 == 0 ? "idle" : "partial-message";
                if (n % 2 == 1) {
                    // A text frame declaring the limit, all but 4 KiB of it sent, never finished.
                    byte[] whole = RawUpgrade.frame(true, 1, true, MAX_SIZE, new byte[MAX_SIZE - 4096]);
                    raw.send(whole);
                }
                int code = raw.closeCode();
                long held = (System.nanoTime() - start) / 1_000_000_000L;
                count("never-auth." + variant + ".close." + code);
                COUNTS.computeIfAbsent("never-auth.max-seconds-held", k -> new LongAdder());
                synchronized (COUNTS) {
                    LongAdder max = COUNTS.get("never-auth.max-seconds-held");
                    if (held > max.sum()) {
                        max.add(held - max.sum());
                    }
                }
                serverError(code);
            } catch (IOException e) {
                count("never-auth.io-error");
            }
        }
    }

    private static void serverError(int code) {
        if (code == 1011 || code == 4500) {
            count("server-error.close." + code);
        }
    }

    private static final String[] FRAME_VARIANTS = {
        "declares-2^62", "over-limit-by-1", "fragments-over-limit", "5MB-frame", "binary-first", "binary-flood",
        "unmasked", "reserved-opcode", "reserved-bits", "bad-utf8", "reset-mid-frame", "continuation-first", "ping-flood"};

    private static void hostileFrames(int port, int n) {
        Random random = new Random(100 + n);
        byte[] half = new byte[MAX_SIZE / 2 + 10];
        while (attacking) {
            String variant = FRAME_VARIANTS[random.nextInt(FRAME_VARIANTS.length)];
            count("hostile.handshakes");
            try (Raw raw = new Raw("127.0.0.4", port, 20_000)) {
                if (!raw.upgrade(port, "frames")) {
                    sleep(200);
                    continue;
                }
                switch (variant) {
                    case "declares-2^62" -> raw.send(RawUpgrade.frame(true, 1, true, 1L << 62, new byte[0]));
                    case "over-limit-by-1" -> raw.send(RawUpgrade.frame(true, 2, true, MAX_SIZE + 1, new byte[100]));
                    case "fragments-over-limit" -> {
                        raw.send(RawUpgrade.frame(false, 1, half));
                        raw.send(RawUpgrade.frame(false, 0, half));
                        raw.send(RawUpgrade.frame(true, 0, new byte[10]));
                    }
                    case "5MB-frame" -> {
                        byte[] big = RawUpgrade.frame(true, 1, true, 5L << 20, new byte[256 * 1024]);
                        raw.trySend(big);
                    }
                    case "binary-first" -> raw.send(RawUpgrade.frame(true, 2, new byte[] {1, 2, 3}));
                    case "binary-flood" -> {
                        byte[] frame = RawUpgrade.frame(true, 2, new byte[] {1, 2, 3});
                        for (int i = 0; i < 2000 && raw.trySend(frame); i++) {
                            // until closed
                        }
                    }
                    case "unmasked" -> raw.send(RawUpgrade.frame(true, 1, false, 17, "{\"type\":\"whoami\"}".getBytes(StandardCharsets.UTF_8)));
                    case "reserved-opcode" -> raw.send(RawUpgrade.frame(true, 3, new byte[4]));
                    case "reserved-bits" -> {
                        byte[] frame = RawUpgrade.frame(true, 1, "{}".getBytes(StandardCharsets.UTF_8));
                        frame[0] |= 0x70;
                        raw.send(frame);
                    }
                    case "bad-utf8" -> raw.send(RawUpgrade.frame(true, 1, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}));
                    case "reset-mid-frame" -> {
                        raw.send(RawUpgrade.frame(true, 1, true, 40_000, new byte[20_000]));
                        raw.reset();
                        count("frames." + variant + ".done");
                        continue;
                    }
                    case "continuation-first" -> raw.send(RawUpgrade.frame(true, 0, "{}".getBytes(StandardCharsets.UTF_8)));
                    default -> {
                        byte[] ping = RawUpgrade.frame(true, 9, new byte[8]);
                        for (int i = 0; i < 2000 && raw.trySend(ping); i++) {
                            // until closed
                        }
                    }
                }
                int code = raw.closeCode();
                count("frames." + variant + ".close." + code);
                serverError(code);
            } catch (IOException e) {
                count("frames." + variant + ".io-error");
            }
        }
    }

    /** An authenticated attacker (a valid token of its own) flooding messages: rate limited, closed 4429. */
    private static void flood(int port) {
        while (attacking) {
            count("hostile.handshakes");
            String token = TokenBuilder.token("flooder").permissions("chat:read", "chat:write").expiresIn(120)
                    .signedWith(SIGNING.get(), "RS256").sign();
            try (Raw raw = new Raw("127.0.0.5", port, 20_000)) {
                raw.upgradeRequest(port, "/ws/chat", Map.of("Authorization", "Bearer " + token));
                int status = raw.status();
                if (status != 101) {
                    count("flood.handshake.status." + status);
                    sleep(1000);
                    continue;
                }
                byte[] whoami = RawUpgrade.frame(true, 1, "{\"type\":\"whoami\",\"id\":\"f\"}".getBytes(StandardCharsets.UTF_8));
                int sent = 0;
                while (sent < 5000 && raw.trySend(whoami)) {
                    sent++;
                }
                int code = raw.closeCode();
                count("flood.close." + code);
                serverError(code);
            } catch (IOException e) {
                count("flood.io-error");
            }
        }
    }

    /** Upgrade requests trickled a byte a second, 40 at a time. */
    private static void slowUpgrades(int port) {
        List<Raw> open = new ArrayList<>();
        List<Long> opened = new ArrayList<>();
        byte[] request = ("GET /ws/chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Padding: " + "p".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> offsets = new ArrayList<>();
        long maxHeld = 0;
        try {
            while (attacking) {
                while (open.size() < 40) {
                    try {
                        open.add(new Raw("127.0.0.6", port, 1));
                        opened.add(System.nanoTime());
                        offsets.add(0);
                        count("hostile.handshakes");
                        count("slow-upgrade.opened");
                    } catch (IOException e) {
                        count("slow-upgrade.connect-failed");
                        break;
                    }
                }
                for (int i = open.size() - 1; i >= 0; i--) {
                    Raw raw = open.get(i);
                    boolean gone;
                    int offset = offsets.get(i);
                    if (offset < request.length) {
                        gone = !raw.trySend(new byte[] {request[offset]});
                        offsets.set(i, offset + 1);
                    } else {
                        gone = false;
                    }
                    if (!gone) {
                        gone = raw.ended();
                    }
                    if (gone) {
                        long held = (System.nanoTime() - opened.get(i)) / 1_000_000L;
                        maxHeld = Math.max(maxHeld, held);
                        count("slow-upgrade.closed-by-server");
                        raw.close();
                        open.remove(i);
                        opened.remove(i);
                        offsets.remove(i);
                    } else if (offset >= request.length) {
                        count("slow-upgrade.completed-request");
                        raw.close();
                        open.remove(i);
                        opened.remove(i);
                        offsets.remove(i);
                    }
                }
                sleep(1000);
            }
        } finally {
            for (Raw raw : open) {
                raw.close();
            }
            COUNTS.computeIfAbsent("slow-upgrade.max-ms-held", k -> new LongAdder()).add(maxHeld);
        }
    }

    /** A raw client socket from a chosen loopback address (so attackers are not the legitimate clients' address). */
    private static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Raw(String local, int port, int timeoutMillis) throws IOException {
            socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(local, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                socket.setSoTimeout(timeoutMillis);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        void upgradeRequest(int port, String target, Map<String, String> headers) throws IOException {
            StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            send(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        /** A tokenless upgrade; false (counted) if not answered 101. */
        boolean upgrade(int port, String what) throws IOException {
            upgradeRequest(port, "/ws/chat", Map.of());
            int status = status();
            if (status != 101) {
                count(what + ".tokenless-upgrade.status." + status);
                if (status >= 500) {
                    count("server-error.http." + status);
                }
                return false;
            }
            return true;
        }

        /** The response status; -1 if the connection ended first. */
        int status() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    String line = head.toString(StandardCharsets.ISO_8859_1);
                    return Integer.parseInt(line.substring(line.indexOf(' ') + 1, line.indexOf(' ') + 4));
                }
            }
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        boolean trySend(byte[] bytes) {
            try {
                send(bytes);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Reads server frames up to a close: its code; -1 for the end of the connection without one, -2 for a timeout. */
        int closeCode() {
            try {
                while (true) {
                    int b0 = in.read();
                    int b1 = in.read();
                    if (b0 < 0 || b1 < 0) {
                        return -1;
                    }
                    long length = b1 & 0x7F;
                    if (length == 126) {
                        length = (readByte() << 8) | readByte();
                    } else if (length == 127) {
                        length = 0;
                        for (int i = 0; i < 8; i++) {
                            length = (length << 8) | readByte();
                        }
                    }
                    byte[] payload = in.readNBytes((int) length);
                    if ((b0 & 0x0F) == 0x8) {
                        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    }
                }
            } catch (SocketTimeoutException e) {
                return -2;
            } catch (IOException e) {
                return -1;
            }
        }

        private long readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside a frame header");
            }
            return b;
        }

        /** Whether the server has ended the connection (checked without waiting: the socket's timeout is 1 ms). */
        boolean ended() {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        /** Drops the connection with a TCP reset. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    // ---------------------------------------------------------------- report

    private static String report(String command, long attackSeconds, long baselineSeconds, long coolDownSeconds,
                                 List<Sample> samples, Delivery delivery, List<Legit> legit, Instant started) throws IOException {
        StringBuilder r = new StringBuilder();
        r.append("wsjwt soak under attack\n");
        r.append("command: ").append(command).append("\n");
        r.append("started: ").append(started).append(", finished: ").append(Instant.now()).append("\n");
        r.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; java ")
                .append(System.getProperty("java.version")).append("; server -Xmx256m, defaults otherwise (message limit ")
                .append(MAX_SIZE).append(" bytes, auth timeout 10 s, rate 20/s burst 40)\n");
        r.append("phases: baseline ").append(baselineSeconds).append(" s (legitimate only), attack ").append(attackSeconds)
                .append(" s, cool-down ").append(coolDownSeconds).append(" s (nobody connected)\n\n");
        r.append("== legitimate clients (").append(LEGIT).append(" in ").append(ROOMS).append(" rooms, tokens of ")
                .append(TOKEN_LIFETIME).append(" s renewed in-band every ").append(RENEW_AFTER).append(" s; plus reconnecting churn)\n");
        r.append(String.format("messages acknowledged to senders: %d; deliveries counted: %d%n", delivery.acked(), delivery.delivered()));
        r.append(String.format("lost: %d  duplicated: %d  reordered: %d%n", delivery.lost(), delivery.duplicated(), delivery.reordered()));
        long refused = COUNTS.keySet().stream().filter(k -> k.startsWith("legit.handshakes.refused")).mapToLong(AttackSoak::counted).sum();
        r.append(String.format("legitimate handshakes: accepted %d, refused %d, failed %d%n",
                counted("legit.handshakes.accepted"), refused, counted("legit.handshakes.failed")));
        r.append(String.format("in-band renewals: ok %d, refused %d%n", counted("legit.renewed"), counted("legit.renewal.refused")));
        long unexpected = COUNTS.keySet().stream().filter(k -> k.startsWith("legit.closed.unexpectedly")).mapToLong(AttackSoak::counted).sum();
        r.append(String.format("legitimate connections closed by the server: %d; sends without a reply: %d; errors: %d%n",
                unexpected, counted("legit.send.no-reply"), counted("legit.errors")));
        long serverErrors = COUNTS.keySet().stream().filter(k -> k.startsWith("server-error")).mapToLong(AttackSoak::counted).sum();
        r.append(String.format("server errors seen by any client (close 1011/4500, HTTP 5xx): %d%n", serverErrors));
        r.append(String.format("bad tokens accepted: %d%n", counted("bad-token.accepted")));
        r.append(String.format("request/reply (chat.send -> result) baseline: %s%n", percentiles(LATENCIES.get(0))));
        r.append(String.format("request/reply (chat.send -> result) under attack: %s%n", percentiles(LATENCIES.get(1))));
        r.append("\n== server process (heap used after a full GC, live threads, open descriptors, established TCP connections to its port)\n");
        for (Sample s : samples) {
            r.append(s).append("\n");
        }
        Sample base = samples.get(1);
        for (Sample s : samples) {
            if (s.label().startsWith("attack t+") && s.established() > base.established()) {
                r.append(String.format("  %s: heap above the baseline sample %d KiB over %d hostile connections: %.0f KiB each%n",
                        s.label(), s.heapKiB() - base.heapKiB(), s.established() - base.established(),
                        (s.heapKiB() - base.heapKiB()) / (double) (s.established() - base.established())));
            }
        }
        Path log = Path.of("target/node-soak.log");
        List<String> lines = Files.readAllLines(log);
        long severe = lines.stream().filter(l -> l.contains("SEVERE")).count();
        long warning = lines.stream().filter(l -> l.contains("WARNING")).count();
        long traces = lines.stream().filter(l -> l.startsWith("\tat ")).count();
        r.append(String.format("%nserver log: %d bytes, %d lines (%d SEVERE, %d WARNING, %d stack-trace lines)%n",
                Files.size(log), lines.size(), severe, warning, traces));
        r.append("\n== events\n");
        synchronized (NOTES) {
            for (String note : NOTES) {
                r.append(note).append("\n");
            }
        }
        r.append("\n== every counter\n");
        new TreeMap<>(COUNTS).forEach((k, v) -> r.append(k).append(" = ").append(v.sum()).append("\n"));
        return r.toString();
    }

    private static String percentiles(ConcurrentLinkedQueue<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d requests",
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
