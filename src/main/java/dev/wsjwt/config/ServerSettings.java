package dev.wsjwt.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the standalone server listens, and which nodes it shares state with: the Redis URL, the
 * channel (and key prefix) of this deployment, and how long a revocation is kept (at least the
 * longest token lifetime accepted), how its transport is tuned, and what it bounds before a
 * connection is a session.
 */
public record ServerSettings(String host, int port, Optional<URI> clusterRedis, String clusterChannel,
                             Duration revocationTtl, ServerTuning tuning, ServerLimits limits,
                             Management management) {

    /**
     * The standalone server's management listener and what it serves.
     *
     * @param port        {@code wsjwt.management.port}: -1 off; default 9025, or 0 (ephemeral) when
     *                    {@code wsjwt.port} is 0, so that servers started on ephemeral ports never collide
     * @param host        {@code wsjwt.management.host}, loopback by default
     * @param allowRemote {@code wsjwt.management.allow-remote}: answer clients that are not on loopback
     * @param metrics     {@code wsjwt.metrics.enabled}: record metrics (off: no instrumentation at all)
     */
    public record Management(int port, String host, boolean allowRemote, boolean metrics) {
        public static final int DEFAULT_PORT = 9025;

        public boolean enabled() {
            return port >= 0;
        }
    }
}
