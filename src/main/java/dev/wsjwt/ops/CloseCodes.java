package dev.wsjwt.ops;

import java.util.Set;

/**
 * Close codes that get their own metric series and log-rate bucket; any other is {@code other}.
 * Apart from {@link OpenTelemetryObserver} on purpose: touching that class loads the
 * OpenTelemetry API, which a container without MicroProfile Telemetry does not have (every
 * session close then failed with {@code NoClassDefFoundError} on WildFly's {@code standalone.xml}).
 */
final class CloseCodes {

    static final Set<Integer> KNOWN = Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009,
            1011, 4401, 4403, 4408, 4429);

    private CloseCodes() {
    }
}
