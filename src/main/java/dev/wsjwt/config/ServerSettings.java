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
                             Duration revocationTtl, ServerTuning tuning, ServerLimits limits) {
}
