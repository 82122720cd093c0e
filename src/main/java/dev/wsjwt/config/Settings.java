package dev.wsjwt.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting, read once at start-up, validated, immutable, handed down.
 *
 * <p>A bad or contradictory value fails {@link #from(ConfigLookup)} with a
 * {@link ConfigurationException} naming the key.
 */
public record Settings(VerifySettings verify, HandshakeSettings handshake, SessionSettings session,
                       ServerSettings server, LogoutSettings logout) {

    /** Every signature algorithm wsjwt can verify; symmetric ones are deliberately absent. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    public static Settings from(ConfigLookup lookup) {
        ValueReader in = new ValueReader(ProviderPreset.apply(lookup));
        Duration skew = in.seconds(Keys.CLOCK_SKEW, 30, 0, 3600);
        VerifySettings verify = readVerify(in, skew);
        HandshakeSettings handshake = readHandshake(in);
        int maxMessageBytes = (int) in.integer(Keys.MESSAGE_MAX_SIZE, ServerLimits.DEFAULT_MAX_MESSAGE_BYTES, 256, 16 * 1024 * 1024);
        SessionSettings session = new SessionSettings(
                in.seconds(Keys.AUTH_TIMEOUT, 10, 1, 3600),
                in.seconds(Keys.EXPIRY_WARNING, 60, 0, 86_400),
                skew,
                maxMessageBytes,
                (int) in.integer(Keys.RATE_PER_SECOND, 20, 1, 1_000_000),
                (int) in.integer(Keys.RATE_BURST, 40, 1, 1_000_000),
                (int) in.integer(Keys.RATE_MAX_VIOLATIONS, 50, 1, 1_000_000));
        int port = (int) in.integer(Keys.PORT, 8025, 0, 65_535);
        ServerSettings server = new ServerSettings(
                in.string(Keys.HOST, "127.0.0.1"),
                port,
                in.uri(Keys.CLUSTER_REDIS, Set.of("redis", "rediss")),
                clusterChannel(in),
                in.seconds(Keys.CLUSTER_REVOCATION_TTL, 86_400, 60, 31_536_000),
                ServerTuning.read(in),
                ServerLimits.read(in, maxMessageBytes),
                new ServerSettings.Management(
                        (int) in.integer(Keys.MANAGEMENT_PORT, port == 0 ? 0 : ServerSettings.Management.DEFAULT_PORT, -1, 65_535),
                        in.string(Keys.MANAGEMENT_HOST, "127.0.0.1"),
                        in.flag(Keys.MANAGEMENT_ALLOW_REMOTE, false),
                        in.flag(Keys.METRICS_ENABLED, true)));
        return new Settings(verify, handshake, session, server, new LogoutSettings(in.set(Keys.LOGOUT_AUDIENCES, "")));
    }

    /**
     * Checks that tokens can actually be verified with these settings: a key source, an issuer
     * and audiences. Called where no development identity provider can stand in (a container, or
     * a standalone server with keys configured).
     */
    public Settings requireVerifiable() {
        if (verify.issuer().isPresent() && !verify.keysConfigured()) {
            throw new ConfigurationException(Keys.PUBLIC_KEY_LOCATION, "no verification key configured and "
                    + Keys.DISCOVERY + " is off");
        }
        if (!verify.keysConfigured()) {
            throw new ConfigurationException(Keys.PUBLIC_KEY_LOCATION,
                    "no verification key configured (set it, or " + Keys.PUBLIC_KEY + ")");
        }
        if (verify.issuer().isEmpty()) {
            throw new ConfigurationException(Keys.ISSUER, "required: the issuer tokens must carry");
        }
        if (verify.audiences().isEmpty()) {
            throw new ConfigurationException(Keys.AUDIENCES, "required: the audience(s) of this API");
        }
        return this;
    }

    /**
     * The same settings, verifying tokens of the standalone development identity provider.
     * Refused when the operator configured an issuer or audience: those belong to a real provider,
     * and silently replacing them would accept the wrong tokens.
     */
    public Settings withDevelopmentIdentityProvider(String issuer, String audience, String jwksJson) {
        if (verify.keysConfigured()) {
            throw new IllegalStateException("keys are configured; the development identity provider is off");
        }
        if (verify.issuer().isPresent()) {
            throw new ConfigurationException(Keys.ISSUER, "set without a key while " + Keys.DISCOVERY
                    + "=off; set " + Keys.PUBLIC_KEY_LOCATION + " too, or unset it to use the development identity provider");
        }
        if (!verify.audiences().isEmpty()) {
            throw new ConfigurationException(Keys.AUDIENCES, "set without a key; set "
                    + Keys.PUBLIC_KEY_LOCATION + " too, or unset it to use the development identity provider");
        }
        VerifySettings v = verify;
        VerifySettings dev = new VerifySettings(Optional.empty(), Optional.of(jwksJson), v.algorithms(),
                Optional.of(issuer), Set.of(audience), v.maxTokenAge(), v.clockSkew(), v.requiredTyp(),
                v.requiredClaims(), v.permissionClaims(), v.maxTokenLength(), false, v.jwks(), v.verifiedCacheSize());
        return new Settings(dev, handshake, session, server, logout);
    }

    private static String clusterChannel(ValueReader in) {
        String channel = in.string(Keys.CLUSTER_CHANNEL, "wsjwt");
        if (!channel.matches("[A-Za-z0-9_.:\\-]{1,64}")) {
            throw new ConfigurationException(Keys.CLUSTER_CHANNEL, "'" + channel + "' is not a plain channel name");
        }
        return channel;
    }

    private static VerifySettings readVerify(ValueReader in, Duration skew) {
        Optional<String> location = in.optional(Keys.PUBLIC_KEY_LOCATION);
        Optional<String> inline = in.optional(Keys.PUBLIC_KEY);
        if (location.isPresent() && inline.isPresent()) {
            throw new ConfigurationException(Keys.PUBLIC_KEY, "set together with "
                    + Keys.PUBLIC_KEY_LOCATION + "; configure one key source");
        }
        Set<String> algorithms = in.set(Keys.ALGORITHMS, "RS256");
        for (String alg : algorithms) {
            if (alg.startsWith("HS")) {
                throw new ConfigurationException(Keys.ALGORITHMS, alg
                        + " is symmetric; only public-key algorithms are accepted");
            }
            if (!SUPPORTED_ALGORITHMS.contains(alg)) {
                throw new ConfigurationException(Keys.ALGORITHMS, "unsupported algorithm '" + alg
                        + "' (supported: RS/PS/ES 256-512, EdDSA)");
            }
        }
        if (algorithms.isEmpty()) {
            throw new ConfigurationException(Keys.ALGORITHMS, "empty; list at least one algorithm");
        }
        List<ClaimRequirement> required = new ArrayList<>();
        for (String entry : in.list(Keys.REQUIRED_CLAIMS, "")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigurationException(Keys.REQUIRED_CLAIMS, "'" + entry
                        + "' is not JSON-pointer=JSON-value (e.g. /email_verified=true)");
            }
            String pointer = entry.substring(0, eq).trim();
            if (!pointer.startsWith("/")) {
                throw new ConfigurationException(Keys.REQUIRED_CLAIMS, "'" + pointer
                        + "' is not a JSON pointer (it starts with '/')");
            }
            required.add(new ClaimRequirement(pointer, entry.substring(eq + 1).trim()));
        }
        List<String> permissionClaims = in.list(Keys.PERMISSION_CLAIMS, "permissions,scope,groups");
        if (permissionClaims.isEmpty()) {
            throw new ConfigurationException(Keys.PERMISSION_CLAIMS, "empty; name at least one claim");
        }
        return new VerifySettings(location, inline, algorithms, in.optional(Keys.ISSUER),
                in.set(Keys.AUDIENCES, ""), in.optionalSeconds(Keys.TOKEN_AGE, 1, 31_536_000), skew,
                in.optional(Keys.REQUIRED_TYP), required, permissionClaims,
                (int) in.integer(Keys.MAX_TOKEN_LENGTH, 8192, 64, 1_048_576),
                in.choice(Keys.DISCOVERY, Discovery.class, "auto") == Discovery.AUTO,
                jwks(in),
                (int) in.integer(Keys.VERIFIED_CACHE_SIZE, 10_000, 0, 1_000_000));
    }

    /** {@code wsjwt.discovery}: look keys up from the issuer's metadata when none are configured. */
    private enum Discovery { AUTO, OFF }

    private static VerifySettings.JwksSettings jwks(ValueReader in) {
        Duration minRefresh = in.seconds(Keys.JWKS_MIN_REFRESH, 5, 0, 86_400);
        Duration cacheTtl = in.seconds(Keys.JWKS_CACHE_TTL, 600, 1, 604_800);
        Duration maxCacheTtl = in.seconds(Keys.JWKS_MAX_CACHE_TTL, 86_400, 1, 604_800);
        if (cacheTtl.compareTo(maxCacheTtl) > 0) {
            throw new ConfigurationException(Keys.JWKS_CACHE_TTL, "larger than " + Keys.JWKS_MAX_CACHE_TTL);
        }
        return new VerifySettings.JwksSettings(
                Duration.ofMillis(in.integer(Keys.JWKS_TIMEOUT, 5000, 100, 120_000)),
                minRefresh, cacheTtl, maxCacheTtl,
                in.seconds(Keys.JWKS_STALE_GRACE, 3600, 0, 604_800));
    }

    private static HandshakeSettings readHandshake(ValueReader in) {
        EnumSet<Transport> transports = EnumSet.noneOf(Transport.class);
        for (String name : in.list(Keys.TRANSPORTS, "header,subprotocol,query,message")) {
            try {
                transports.add(Transport.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(Keys.TRANSPORTS, e.getMessage());
            }
        }
        if (transports.isEmpty()) {
            throw new ConfigurationException(Keys.TRANSPORTS, "empty; enable at least one transport");
        }
        String header = in.string(Keys.TOKEN_HEADER, "Authorization");
        boolean headerIsCookie;
        if (header.equalsIgnoreCase("Authorization")) {
            headerIsCookie = false;
        } else if (header.equalsIgnoreCase("Cookie")) {
            headerIsCookie = true;
        } else {
            throw new ConfigurationException(Keys.TOKEN_HEADER, "'" + header + "' must be Authorization or Cookie");
        }
        String cookie = in.string(Keys.TOKEN_COOKIE, "Bearer");
        if (!cookie.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
            throw new ConfigurationException(Keys.TOKEN_COOKIE, "'" + cookie + "' is not a valid cookie name");
        }
        Set<String> origins = in.set(Keys.ORIGINS, HandshakeSettings.ANY_ORIGIN);
        boolean cookieCarriesToken = transports.contains(Transport.COOKIE)
                || (headerIsCookie && transports.contains(Transport.HEADER));
        if (cookieCarriesToken && origins.contains(HandshakeSettings.ANY_ORIGIN)) {
            // A browser attaches cookies to cross-site WebSocket upgrades: without an origin
            // allow-list any web page could open an authenticated socket (CSWSH).
            throw new ConfigurationException(Keys.ORIGINS,
                    "required (not '*') when tokens come from a cookie, against cross-site WebSocket hijacking");
        }
        String subprotocol = in.string(Keys.SUBPROTOCOL, "wsjwt");
        if (subprotocol.startsWith("bearer.") || !subprotocol.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
            throw new ConfigurationException(Keys.SUBPROTOCOL, "'" + subprotocol + "' is not a valid subprotocol name");
        }
        String queryParam = in.string(Keys.QUERY_PARAM, "access_token");
        if (!queryParam.matches("[A-Za-z0-9_.\\-]+")) {
            throw new ConfigurationException(Keys.QUERY_PARAM, "'" + queryParam + "' is not a plain parameter name");
        }
        return new HandshakeSettings(transports, headerIsCookie, cookie, queryParam, subprotocol, origins,
                in.optional(Keys.CONNECT_PERMISSION),
                in.choice(Keys.HANDSHAKE_REFUSAL, HandshakeRefusal.class, "http"),
                in.seconds(Keys.LOG_REFUSAL_INTERVAL, 10, 0, 86_400),
                in.seconds(Keys.TICKET_TTL, 30, 1, 120));
    }
}
