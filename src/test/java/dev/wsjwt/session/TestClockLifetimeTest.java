package dev.wsjwt.session;

import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.Frames;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The clock given to wsjwt decides a token's lifetime everywhere: the handshake's verification and
 * the dispatcher's expiry check agree, so lifetime is tested by moving the clock, not by sleeping.
 * (The expiry timers run on real time; LifetimeTest covers them.)
 */
class TestClockLifetimeTest {

    @Test
    void verificationAndDispatchJudgeExpiryByTheSameTestClock() {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
        // By the wall clock this token expired five minutes ago; by the test clock it has five left.
        TokenBuilder token = TokenBuilder.token("alice").issuedSecondsAgo(700).expiresIn(-300);
        try (TestServer server = TestServer.start(Map.of("mp.jwt.verify.clock.skew", "30"), clock);
             WsClient client = WsClient.bearer(server.ws(), token.sign())) {
            assertEquals("alice", result(client.request("whoami", null)).getString("sub"));

            clock.advance(Duration.ofSeconds(300 + 29));
            assertEquals("alice", result(client.request("whoami", null)).getString("sub"), "within the skew");

            clock.advance(Duration.ofSeconds(2));
            client.send("whoami", "late", null);
            Frames.closed(client.awaitClose(), 4401, "token expired");
        }
    }
}
