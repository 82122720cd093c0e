package dev.wsjwt.bench;

import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.Verifiers;
import dev.wsjwt.testing.WsClient;
import dev.wsjwt.token.TokenVerifier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rough figures, not a test: the cost of one RS256 verification (keys cached, after warm-up)
 * and of one full handshake over loopback (connect, whoami, close). Run as a plain main.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        verification(args.length > 0 ? Integer.parseInt(args[0]) : 20_000);
        handshakes(args.length > 1 ? Integer.parseInt(args[1]) : 500);
    }

    private static void verification(int count) throws Exception {
        TokenVerifier verifier = Verifiers.verifier();
        String token = TokenBuilder.token("alice").permissions("chat:read", "chat:write").sign();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            sink += verifier.verify(token).getSubject().length();
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sink += verifier.verify(token).getSubject().length();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / count;
        System.out.printf("verify RS256: %.1f us/op over %d (after %d warm-up) [%d]%n", micros, count, count, sink);
    }

    private static void handshakes(int count) {
        try (TestServer server = TestServer.start()) {
            String token = TokenBuilder.token("alice").expiresIn(3600).sign();
            for (int i = 0; i < count / 5; i++) {
                once(server, token);
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                once(server, token);
            }
            double millis = (System.nanoTime() - start) / 1_000_000.0 / count;
            System.out.printf("handshake (connect+whoami+close, loopback, sequential): %.2f ms/op over %d%n", millis, count);
        }
    }

    private static void once(TestServer server, String token) {
        try (WsClient client = WsClient.bearer(server.ws(), token)) {
            if (!"result".equals(client.request("whoami", null).getString("type"))) {
                throw new IllegalStateException("whoami failed");
            }
        }
    }
}
