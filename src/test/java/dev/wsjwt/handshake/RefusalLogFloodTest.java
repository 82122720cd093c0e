package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.ops.SecurityEventLog;
import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A flood of refusals writes a security event line per reason per {@code wsjwt.log.refusal-interval}, then one
 * saying how many were held back; never the token.
 */
class RefusalLogFloodTest {

    private static final int FLOOD = 40;

    @Test
    void refusedHandshakesAreLoggedOncePerReasonPerIntervalWithTheCountHeldBack() {
        String expired = token("mallory").issuedSecondsAgo(900).expiresIn(-600).sign();
        String wrongIssuer = token("mallory").claim("iss", "https://elsewhere.example").sign();
        try (TestServer server = TestServer.start(Map.of("wsjwt.log.refusal-interval", "3600"));
             LogCapture log = LogCapture.of(SecurityEventLog.LOGGER)) {
            for (int i = 0; i < FLOOD; i++) {
                WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + expired));
                WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + wrongIssuer));
            }
            List<String> lines = log.containing(Level.INFO, "event=upgrade_refused");
            assertEquals(2, lines.size(), () -> "one line per reason: " + lines);
            assertTrue(lines.stream().anyMatch(line -> line.contains("reason=expired status=401 transport=header")), lines::toString);
            lines.forEach(line -> assertFalse(line.contains(expired) || line.contains(wrongIssuer), line));
        }
    }

    @Test
    void theNextLineAfterTheIntervalCountsTheRefusalsHeldBack() {
        String expired = token("mallory").issuedSecondsAgo(900).expiresIn(-600).sign();
        try (TestServer server = TestServer.start(Map.of("wsjwt.log.refusal-interval", "1"));
             LogCapture log = LogCapture.of(SecurityEventLog.LOGGER)) {
            for (int i = 0; i < FLOOD; i++) {
                WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + expired));
            }
            // Refusals go on until the interval has passed and a line reports the ones held back.
            Await.until(WsClient.TIMEOUT, () -> {
                WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + expired));
                return !log.containing(Level.INFO, "similar in the last 1s").isEmpty();
            }, () -> "lines: " + log.messages(Level.INFO));
            assertTrue(log.messages(Level.INFO).size() < FLOOD, () -> "flooded: " + log.messages(Level.INFO).size());
        }
    }

    @Test
    void inBandAuthFailuresAreLoggedOncePerReason() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.log.refusal-interval", "3600"));
             LogCapture log = LogCapture.of(SecurityEventLog.LOGGER)) {
            String expired = token("mallory").issuedSecondsAgo(900).expiresIn(-600).sign();
            for (int i = 0; i < FLOOD; i++) {
                try (WsClient anonymous = WsClient.unauthenticated(server.ws())) {
                    anonymous.sendText("{\"type\":\"auth\",\"payload\":{\"token\":\"" + expired + "\"}}");
                    assertEquals(4401, anonymous.awaitClose().code());
                }
            }
            List<String> lines = log.containing(Level.INFO, "event=upgrade_refused");
            assertEquals(1, lines.size(), () -> "one line: " + lines);
            assertTrue(lines.get(0).contains("reason=expired status=4401 transport=message remote=127.0.0.1"), lines::toString);
            assertEquals(1, log.containing(Level.INFO, "event=session_closed code=4401").size(), log::toString);
        }
    }
}
