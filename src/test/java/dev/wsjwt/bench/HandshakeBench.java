package dev.wsjwt.bench;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Handshake latency with a cold and a warm key cache, and JWKS fetches under a burst, over the
 * real standalone server and a real JWKS endpoint on loopback. A measurement, not a test: run it
 * by hand (see docs/identity-providers.md), never from the test suite.
 *
 * <p>Cold: a fresh server per round; the first handshake is sent right after start-up, while the
 * start-up fetch of the key set is in flight (or just done). Warm: one server, keys cached.
 */
public final class HandshakeBench {

    public static void main(String[] args) throws Exception {
        int coldRounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmHandshakes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        String token = TokenBuilder.token("bench").permissions("chat:read").expiresIn(3600).sign();

        // Warm the JVM (class loading, JIT of the verifier) so the cold figure is about the key cache.
        try (TestServer server = TestServer.start()) {
            for (int i = 0; i < 50; i++) {
                WsClient.bearer(server.ws(), token).close();
            }
        }

        double[] cold = new double[coldRounds];
        for (int i = 0; i < coldRounds; i++) {
            try (TestServer server = TestServer.start()) {
                long t0 = System.nanoTime();
                WsClient.bearer(server.ws(), token).close();
                cold[i] = (System.nanoTime() - t0) / 1e6;
            }
        }

        double[] warm = new double[warmHandshakes];
        try (TestServer server = TestServer.start()) {
            WsClient.bearer(server.ws(), token).close();
            for (int i = 0; i < warmHandshakes; i++) {
                long t0 = System.nanoTime();
                WsClient.bearer(server.ws(), token).close();
                warm[i] = (System.nanoTime() - t0) / 1e6;
            }
        }

        int fetches;
        long burstMillis;
        try (TestServer server = TestServer.start(new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC)),
                Map.of("wsjwt.jwks.min-refresh-interval", "0", "wsjwt.jwks.timeout", "60000"))) {
            long t0 = System.nanoTime();
            List<CompletableFuture<WsClient>> opening = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                opening.add(WsClient.bearerAsync(server.ws(), token));
            }
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            burstMillis = (System.nanoTime() - t0) / 1_000_000;
            opening.forEach(f -> f.join().close());
            fetches = server.jwks().hits();
        }

        System.out.printf("cold key cache: %d fresh servers, first handshake mean %.1f ms, median %.1f ms, max %.1f ms%n",
                coldRounds, mean(cold), median(cold), max(cold));
        System.out.printf("warm key cache: %d sequential handshakes, mean %.2f ms, median %.2f ms, p99 %.2f ms%n",
                warmHandshakes, mean(warm), median(warm), percentile(warm, 0.99));
        System.out.printf("burst: %d concurrent handshakes on a fresh server, all accepted in %d ms, JWKS fetches: %d%n",
                burst, burstMillis, fetches);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
