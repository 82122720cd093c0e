package dev.wsjwt.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Right after start-up the key set is still being fetched (the JWKS server answers slowly): 500
 * concurrent handshakes, each with its own token, all join that one fetch and all succeed.
 */
class ColdStartBurstTest {

    private static final int HANDSHAKES = 500;

    @Test
    void burstAfterColdStartCausesExactlyOneJwksFetchAndAllSucceed() throws Exception {
        JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC));
        jwks.delay(Duration.ofSeconds(1));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < HANDSHAKES; i++) { // signed before start-up, so the burst is a burst
            tokens.add(TokenBuilder.token("user-" + i).permissions("chat:read").sign());
        }
        // No rate limit, so only single-flight can keep the fetch count at one; a generous fetch
        // timeout, so that waiting handshakes do not give up on a busy machine.
        try (TestServer server = TestServer.start(jwks, Map.of(
                "wsjwt.jwks.min-refresh-interval", "0", "wsjwt.jwks.timeout", "60000"))) {
            List<CompletableFuture<WsClient>> opening = new ArrayList<>();
            for (String token : tokens) {
                opening.add(WsClient.bearerAsync(server.ws(), token));
            }
            try {
                // Throws if any handshake was refused or failed.
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                assertEquals(HANDSHAKES, opening.stream().filter(f -> !f.isCompletedExceptionally()).count());
                assertEquals(1, jwks.hits(), "JWKS fetches");
            } finally {
                for (CompletableFuture<WsClient> f : opening) {
                    f.thenAccept(WsClient::close);
                }
            }
        }
    }
}
