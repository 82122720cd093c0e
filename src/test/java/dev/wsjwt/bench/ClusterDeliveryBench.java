package dev.wsjwt.bench;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.NodeProcess;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.Map;

/**
 * Cross-node delivery through Redis: two server processes, a sender on one, a reader on the
 * other. Latency: one message at a time, send to receipt. Throughput: a burst, first send to last
 * receipt. Not a test; run with {@code bench/cluster.sh}.
 */
public final class ClusterDeliveryBench {

    public static void main(String[] args) throws Exception {
        int latencyRounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA));
             RedisServer redis = RedisServer.start()) {
            Map<String, String> settings = Map.of(
                    "mp.jwt.verify.publickey.location", jwks.url(),
                    "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                    "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE,
                    "wsjwt.cluster.redis", redis.url(),
                    "wsjwt.rate.per-second", "1000000",
                    "wsjwt.rate.burst", "1000000");
            try (NodeProcess a = NodeProcess.start("bench-a", settings);
                 NodeProcess b = NodeProcess.start("bench-b", settings);
                 WsClient sender = WsClient.bearer(a.ws(), TokenBuilder.token("sender").permissions("chat:write").sign());
                 WsClient reader = WsClient.bearer(b.ws(), TokenBuilder.token("reader").permissions("chat:read").sign())) {
                reader.request("chat.join", Json.createObjectBuilder().add("room", "bench").build());
                long[] nanos = new long[latencyRounds];
                for (int i = 0; i < latencyRounds + 200; i++) {
                    long start = System.nanoTime();
                    sender.send("chat.send", null, message(i));
                    reader.next("chat.message");
                    if (i >= 200) { // the first 200 warm up both JVMs
                        nanos[i - 200] = System.nanoTime() - start;
                    }
                }
                Arrays.sort(nanos);
                long start = System.nanoTime();
                for (int i = 0; i < burst; i++) {
                    sender.send("chat.send", null, message(i));
                }
                for (int i = 0; i < burst; i++) {
                    reader.next("chat.message");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("cross-node delivery via Redis: p50 %.2f ms, p99 %.2f ms over %d messages; "
                                + "burst of %d: %.0f messages/s%n",
                        nanos[latencyRounds / 2] / 1e6, nanos[(int) (latencyRounds * 0.99)] / 1e6, latencyRounds,
                        burst, burst / seconds);
            }
        }
    }

    private static JsonObject message(int i) {
        return Json.createObjectBuilder().add("room", "bench").add("text", "m" + i).build();
    }
}
