package dev.wsjwt.config;

import java.net.URI;
import java.util.Optional;

/** Where the standalone server listens, and which nodes it shares state with. */
public record ServerSettings(String host, int port, Optional<URI> clusterRedis) {
}
