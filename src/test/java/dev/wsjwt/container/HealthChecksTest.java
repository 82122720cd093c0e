package dev.wsjwt.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.ops.Health;
import dev.wsjwt.ops.HealthReport;
import dev.wsjwt.ops.Readings;
import dev.wsjwt.token.KeyStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** wsjwt's checks as MicroProfile Health responses (served by Payara and WildFly: OperationsIT). */
class HealthChecksTest {

    @Test
    void aCheckKeepsItsNameStatusAndTypedData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keys", 2L);
        data.put("clustered", true);
        data.put("source", "jwks");
        HealthCheckResponse response = HealthChecks.response(new HealthReport.Check("wsjwt-keys", true, data));
        assertEquals("wsjwt-keys", response.getName());
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals(Optional.of(data), response.getData());

        HealthCheckResponse down = HealthChecks.response(new HealthReport.Check("wsjwt-cluster", false,
                Map.of("redis", "down")));
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertEquals(Optional.of(Map.of("redis", "down")), down.getData());
    }

    @Test
    void answersFromTheApplicationsHealth() {
        Health health = new Health(new FixedReadings(0, true), () -> true);
        HealthChecks.Check keys = new HealthChecks.Check(Health.KEYS_CHECK, () -> Optional.of(health), Health::keys);
        HealthCheckResponse response = keys.call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus(), "no key held");
        assertEquals(0L, response.getData().orElseThrow().get("keys"));

        Health clustered = new Health(new FixedReadings(3, false), () -> true);
        HealthChecks.Check cluster = new HealthChecks.Check(Health.CLUSTER_CHECK, () -> Optional.of(clustered), Health::cluster);
        assertEquals(HealthCheckResponse.Status.DOWN, cluster.call().getStatus());
        HealthChecks.Check live = new HealthChecks.Check(Health.RUNNING_CHECK, () -> Optional.of(clustered),
                h -> h.liveness().checks().get(0));
        assertEquals(HealthCheckResponse.Status.UP, live.call().getStatus(), "Redis down never fails liveness");
        assertEquals(3L, live.call().getData().orElseThrow().get("sessions"));
    }

    @Test
    void beforeWsjwtRunsNotReadyButAlive() {
        for (String name : new String[] {Health.KEYS_CHECK, Health.CLUSTER_CHECK}) {
            HealthCheckResponse response = new HealthChecks.Check(name, Optional::empty, Health::keys).call();
            assertEquals(name, response.getName());
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals(Optional.of(Map.of("started", false)), response.getData());
        }
        HealthCheckResponse live = new HealthChecks.Check(Health.RUNNING_CHECK, Optional::empty, Health::keys).call();
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus());
    }

    /** Readings of a wsjwt with no key, {@code sessions} open, clustered on a Redis that is up or down. */
    private record FixedReadings(int sessions, boolean redisUp) implements Readings {
        @Override
        public int openSessions() {
            return sessions;
        }

        @Override
        public KeyStatus keys() {
            return new KeyStatus() {
                @Override
                public int keysHeld() {
                    return 0;
                }

                @Override
                public Optional<Duration> sinceLastGoodFetch() {
                    return Optional.empty();
                }

                @Override
                public boolean usable() {
                    return false;
                }

                @Override
                public boolean remote() {
                    return true;
                }
            };
        }

        @Override
        public boolean clustered() {
            return true;
        }

        @Override
        public boolean clusterUp() {
            return redisUp;
        }
    }
}
