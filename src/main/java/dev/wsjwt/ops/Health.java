package dev.wsjwt.ops;

import dev.wsjwt.token.KeyStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Readiness and liveness from a running wsjwt's readings: what the container's MicroProfile
 * Health checks and the standalone management port answer alike.
 *
 * <ul>
 * <li>ready: a token can be verified now (keys held and not past {@code wsjwt.jwks.stale-grace}),
 * and, when clustered, Redis answers: without it revocations and logouts from other nodes
 * would not reach this one.</li>
 * <li>live: wsjwt is running (not closed). A provider or Redis outage never fails liveness:
 * restarting the process would not bring either back.</li>
 * </ul>
 */
public final class Health {

    public static final String KEYS_CHECK = "wsjwt-keys";
    public static final String CLUSTER_CHECK = "wsjwt-cluster";
    public static final String RUNNING_CHECK = "wsjwt";

    private final Readings readings;
    private final BooleanSupplier running;

    public Health(Readings readings, BooleanSupplier running) {
        this.readings = readings;
        this.running = running;
    }

    public HealthReport readiness() {
        return new HealthReport(List.of(keys(), cluster()));
    }

    public HealthReport liveness() {
        return new HealthReport(List.of(new HealthReport.Check(RUNNING_CHECK, running.getAsBoolean(),
                Map.of("sessions", (long) readings.openSessions()))));
    }

    /**
     * The key check. Asking also starts a refresh of stale keys, so that the probes themselves
     * bring an idle node back once its identity provider answers again.
     */
    public HealthReport.Check keys() {
        KeyStatus keys = readings.keys();
        keys.refreshIfStale();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keys", (long) keys.keysHeld());
        data.put("source", keys.remote() ? "jwks" : "configured");
        keys.sinceLastGoodFetch().ifPresent(age -> data.put("secondsSinceFetch", age.toSeconds()));
        return new HealthReport.Check(KEYS_CHECK, keys.usable(), data);
    }

    /** The cluster check: UP when not clustered. */
    public HealthReport.Check cluster() {
        boolean clustered = readings.clustered();
        boolean up = !clustered || readings.clusterUp();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clustered", clustered);
        if (clustered) {
            data.put("redis", up ? "up" : "down");
        }
        return new HealthReport.Check(CLUSTER_CHECK, up, data);
    }
}
