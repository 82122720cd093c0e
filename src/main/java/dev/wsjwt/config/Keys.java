package dev.wsjwt.config;

/** The configuration keys. The {@code mp.jwt.*} ones are MicroProfile JWT's own. */
public final class Keys {
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    public static final String ALGORITHMS = "mp.jwt.verify.publickey.algorithm";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    public static final String TOKEN_AGE = "mp.jwt.verify.token.age";
    public static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";
    public static final String TOKEN_HEADER = "mp.jwt.token.header";
    public static final String TOKEN_COOKIE = "mp.jwt.token.cookie";
    public static final String TRANSPORTS = "wsjwt.token.transports";
    public static final String QUERY_PARAM = "wsjwt.token.query-param";
    public static final String MAX_TOKEN_LENGTH = "wsjwt.token.max-length";
    public static final String SUBPROTOCOL = "wsjwt.subprotocol";
    public static final String ORIGINS = "wsjwt.origins";
    public static final String PERMISSION_CLAIMS = "wsjwt.permissions.claims";
    public static final String REQUIRED_CLAIMS = "wsjwt.verify.claims";
    public static final String REQUIRED_TYP = "wsjwt.verify.typ";
    public static final String VERIFIED_CACHE_SIZE = "wsjwt.verify.cache-size";
    public static final String CONNECT_PERMISSION = "wsjwt.connect.permission";
    public static final String HANDSHAKE_REFUSAL = "wsjwt.handshake.refusal";
    public static final String AUTH_TIMEOUT = "wsjwt.auth.timeout";
    public static final String EXPIRY_WARNING = "wsjwt.session.expiry-warning";
    public static final String HOST = "wsjwt.host";
    public static final String PORT = "wsjwt.port";
    public static final String MANAGEMENT_PORT = "wsjwt.management.port";
    public static final String MANAGEMENT_HOST = "wsjwt.management.host";
    public static final String MANAGEMENT_ALLOW_REMOTE = "wsjwt.management.allow-remote";
    public static final String METRICS_ENABLED = "wsjwt.metrics.enabled";
    public static final String IO_STRATEGY = "wsjwt.server.io-strategy";
    public static final String WORKER_THREADS = "wsjwt.server.worker-threads";
    public static final String SELECTOR_THREADS = "wsjwt.server.selector-threads";
    public static final String CLUSTER_REDIS = "wsjwt.cluster.redis";
    public static final String CLUSTER_CHANNEL = "wsjwt.cluster.channel";
    public static final String CLUSTER_REVOCATION_TTL = "wsjwt.cluster.revocation-ttl";
    public static final String CONFIG_FILE = "wsjwt.config";

    // Added by wsjwt beyond the contract's table (documented in the README).
    public static final String JWKS_TIMEOUT = "wsjwt.jwks.timeout";
    public static final String JWKS_MIN_REFRESH = "wsjwt.jwks.min-refresh-interval";
    public static final String JWKS_CACHE_TTL = "wsjwt.jwks.cache-ttl";
    public static final String JWKS_MAX_CACHE_TTL = "wsjwt.jwks.max-cache-ttl";
    public static final String JWKS_STALE_GRACE = "wsjwt.jwks.stale-grace";
    public static final String DISCOVERY = "wsjwt.discovery";
    public static final String PRESET = "wsjwt.preset";
    public static final String MESSAGE_MAX_SIZE = "wsjwt.message.max-size";
    public static final String RATE_PER_SECOND = "wsjwt.rate.per-second";
    public static final String RATE_BURST = "wsjwt.rate.burst";
    public static final String RATE_MAX_VIOLATIONS = "wsjwt.rate.max-violations";
    public static final String HEADER_TIMEOUT = "wsjwt.server.header-timeout";
    public static final String MAX_PENDING_PER_ADDRESS = "wsjwt.server.max-pending-per-address";
    public static final String LOG_REFUSAL_INTERVAL = "wsjwt.log.refusal-interval";
    public static final String LOGOUT_AUDIENCES = "wsjwt.logout.audiences";
    public static final String TICKET_TTL = "wsjwt.ticket.ttl";

    private Keys() {
    }
}
