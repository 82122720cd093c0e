package dev.wsjwt.ops;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * wsjwt's metrics on the OpenTelemetry API: counters, one histogram and gauges read at collection.
 * Written against the API only (what MicroProfile Telemetry runtimes provide, 1.29 and later);
 * who exports them is the runtime's business. Attribute sets are built once per value and kept:
 * their values come from closed sets, so the maps stay small.
 */
public final class OpenTelemetryObserver implements Observer, AutoCloseable {

    /** The instrumentation scope: {@code otel_scope_name} in Prometheus. */
    public static final String SCOPE = "dev.wsjwt";

    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    private static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("transport");
    private static final AttributeKey<String> CODE = AttributeKey.stringKey("code");
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
    private static final AttributeKey<String> ORIGIN = AttributeKey.stringKey("origin");

    private final LongCounter upgrades;
    private final LongCounter sessionsClosed;
    private final LongCounter messages;
    private final DoubleHistogram handlerDuration;
    private final LongCounter expiryWarnings;
    private final LongCounter renewals;
    private final LongCounter revocations;
    private final LongCounter kicks;
    private final LongCounter logouts;
    private final LongCounter jwksFetches;
    private final LongCounter clusterEvents;
    private final List<AutoCloseable> gauges = new ArrayList<>();

    private final Map<String, Attributes> accepted = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Attributes>> refused = new ConcurrentHashMap<>();
    private final Map<Integer, Attributes> closeCodes = new ConcurrentHashMap<>();
    private final Map<String, Attributes[]> messageTypes = new ConcurrentHashMap<>();
    private final Map<String, Attributes> handlerTypes = new ConcurrentHashMap<>();
    private final Attributes awaitingAuth = Attributes.of(OUTCOME, "awaiting_auth", REASON, "none", TRANSPORT, "message");
    private final Attributes local = Attributes.of(ORIGIN, "local");
    private final Attributes remote = Attributes.of(ORIGIN, "cluster");
    private final Attributes fetchOk = Attributes.of(OUTCOME, "ok");
    private final Attributes fetchFailed = Attributes.of(OUTCOME, "failed");
    private final Attributes[] clusterOutcomes;

    public OpenTelemetryObserver(Meter meter, Readings readings) {
        upgrades = meter.counterBuilder("wsjwt.upgrades")
                .setDescription("WebSocket upgrades by outcome, refusal reason and token transport").setUnit("{upgrade}").build();
        sessionsClosed = meter.counterBuilder("wsjwt.sessions.closed")
                .setDescription("Sessions closed, by close code").setUnit("{session}").build();
        messages = meter.counterBuilder("wsjwt.messages")
                .setDescription("Messages answered, by registered type and outcome").setUnit("{message}").build();
        handlerDuration = meter.histogramBuilder("wsjwt.handler.duration")
                .setDescription("Time in a message's handler").setUnit("s").build();
        expiryWarnings = meter.counterBuilder("wsjwt.expiry.warnings")
                .setDescription("auth.expiring warnings sent").setUnit("{warning}").build();
        renewals = meter.counterBuilder("wsjwt.renewals")
                .setDescription("In-band re-authentications with a fresh token").setUnit("{renewal}").build();
        revocations = meter.counterBuilder("wsjwt.revocations")
                .setDescription("Subjects revoked, on this node or from another").setUnit("{revocation}").build();
        kicks = meter.counterBuilder("wsjwt.kicks")
                .setDescription("Subjects whose sessions were closed on request").setUnit("{kick}").build();
        logouts = meter.counterBuilder("wsjwt.logouts")
                .setDescription("Back-channel logouts applied").setUnit("{logout}").build();
        jwksFetches = meter.counterBuilder("wsjwt.jwks.fetches")
                .setDescription("Key set fetches from the identity provider, by outcome").setUnit("{fetch}").build();
        clusterEvents = meter.counterBuilder("wsjwt.cluster.events")
                .setDescription("Cluster bus events published, received or dropped").setUnit("{event}").build();
        clusterOutcomes = new Attributes[ClusterOutcome.values().length];
        for (ClusterOutcome outcome : ClusterOutcome.values()) {
            clusterOutcomes[outcome.ordinal()] = Attributes.of(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT));
        }
        gauges.add(meter.gaugeBuilder("wsjwt.sessions.open").ofLongs()
                .setDescription("Sessions open on this node").setUnit("{session}")
                .buildWithCallback(m -> m.record(readings.openSessions())));
        gauges.add(meter.gaugeBuilder("wsjwt.jwks.keys").ofLongs()
                .setDescription("Verification keys held").setUnit("{key}")
                .buildWithCallback(m -> m.record(readings.keys().keysHeld())));
        gauges.add(meter.gaugeBuilder("wsjwt.jwks.since.fetch")
                .setDescription("Seconds since the last good key set fetch (absent for configured keys)").setUnit("s")
                .buildWithCallback(m -> readings.keys().sinceLastGoodFetch()
                        .ifPresent(age -> m.record(age.toMillis() / 1000.0))));
        gauges.add(meter.gaugeBuilder("wsjwt.keys.usable").ofLongs()
                .setDescription("1 while a token can be verified (keys held, not past the stale grace)").setUnit("1")
                .buildWithCallback(m -> m.record(readings.keys().usable() ? 1 : 0)));
        ObservableLongGauge clusterUp = meter.gaugeBuilder("wsjwt.cluster.up").ofLongs()
                .setDescription("1 while the cluster's Redis answers (absent when not clustered)").setUnit("1")
                .buildWithCallback(m -> {
                    if (readings.clustered()) {
                        m.record(readings.clusterUp() ? 1 : 0);
                    }
                });
        gauges.add(clusterUp);
    }

    /** For {@code Wsjwt.create}: an observer on {@code meter}. */
    public static Instrumentation on(Meter meter) {
        return readings -> new OpenTelemetryObserver(meter, readings);
    }

    @Override
    public void upgradeAccepted(String transport) {
        upgrades.add(1, cached(accepted, transport,
                t -> Attributes.of(OUTCOME, "accepted", REASON, "none", TRANSPORT, t)));
    }

    @Override
    public void upgradeAwaitingAuth() {
        upgrades.add(1, awaitingAuth);
    }

    @Override
    public void upgradeRefused(Refusal refusal) {
        // By reason, then transport: a flood of refusals allocates no key.
        Map<String, Attributes> byTransport = refused.get(refusal.reason());
        if (byTransport == null) {
            byTransport = refused.computeIfAbsent(refusal.reason(), r -> new ConcurrentHashMap<>());
        }
        upgrades.add(1, cached(byTransport, refusal.transport(),
                t -> Attributes.of(OUTCOME, "refused", REASON, refusal.reason(), TRANSPORT, t)));
    }

    @Override
    public void sessionClosed(SessionEnd end) {
        int code = CloseCodes.KNOWN.contains(end.code()) ? end.code() : -1;
        sessionsClosed.add(1, closeCodes.computeIfAbsent(code,
                c -> Attributes.of(CODE, c < 0 ? "other" : String.valueOf(c))));
    }

    @Override
    public void message(String type, MessageOutcome outcome, long handlerNanos) {
        Attributes[] byOutcome = messageTypes.get(type);
        if (byOutcome == null) {
            byOutcome = messageTypes.computeIfAbsent(type, t -> {
                Attributes[] all = new Attributes[MessageOutcome.values().length];
                for (MessageOutcome o : MessageOutcome.values()) {
                    all[o.ordinal()] = Attributes.of(TYPE, t, OUTCOME, o.attribute());
                }
                return all;
            });
        }
        messages.add(1, byOutcome[outcome.ordinal()]);
        if (handlerNanos >= 0) {
            handlerDuration.record(handlerNanos / 1e9, cached(handlerTypes, type, t -> Attributes.of(TYPE, t)));
        }
    }

    @Override
    public void expiryWarning() {
        expiryWarnings.add(1);
    }

    @Override
    public void renewal() {
        renewals.add(1);
    }

    @Override
    public void revocation(String subject, int sessionsClosed, boolean isLocal) {
        revocations.add(1, isLocal ? local : remote);
    }

    @Override
    public void kick(String subject, int code, int sessionsClosed, boolean isLocal) {
        kicks.add(1, isLocal ? local : remote);
    }

    @Override
    public void logout(int sessionsClosed, boolean isLocal) {
        logouts.add(1, isLocal ? local : remote);
    }

    @Override
    public void jwksFetch(boolean ok) {
        jwksFetches.add(1, ok ? fetchOk : fetchFailed);
    }

    @Override
    public void clusterEvent(ClusterOutcome outcome) {
        clusterEvents.add(1, clusterOutcomes[outcome.ordinal()]);
    }

    private static <K> Attributes cached(Map<K, Attributes> cache, K key, Function<K, Attributes> build) {
        Attributes attributes = cache.get(key);
        return attributes != null ? attributes : cache.computeIfAbsent(key, build);
    }

    /** Unregisters the gauges' callbacks (the meter may outlive this wsjwt, in a container). */
    @Override
    public void close() {
        for (AutoCloseable gauge : gauges) {
            try {
                gauge.close();
            } catch (Exception e) {
                // nothing to do: the gauge is gone either way
            }
        }
    }
}
