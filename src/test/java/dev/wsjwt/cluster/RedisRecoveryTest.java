package dev.wsjwt.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The bus reports Redis up again after a restart (what readiness shows), although its command
 * pool still held connections to the stopped server, which failed the reload on resubscribing.
 */
class RedisRecoveryTest {

    @Test
    void upAgainAfterARestart() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisBus bus = new RedisBus(URI.create(redis.url()), "recovery", Duration.ofHours(1))) {
            bus.start();
            Await.until(Duration.ofSeconds(10), bus::up, "subscribed");
            bus.revoke(new ClusterEvent.Revocation("before", Instant.now())); // a pooled connection now exists

            redis.stop();
            Await.until(Duration.ofSeconds(30), () -> !bus.up(), "down while Redis is stopped");
            redis.startAgain();
            Await.until(Duration.ofSeconds(30), bus::up, "up again once Redis is back");

            bus.revoke(new ClusterEvent.Revocation("after", Instant.now())); // throws while Redis is unusable
            assertTrue(bus.up());
        }
    }
}
