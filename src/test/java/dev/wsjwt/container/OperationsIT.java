package dev.wsjwt.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.ops.OpenTelemetryObserver;
import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.OtlpReceiver;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * wsjwt's MicroProfile Health checks as the runtime serves them (Payara Micro: {@code /health}
 * on the HTTP port; WildFly: on the management port), read over HTTP after known traffic and
 * outages. The demo WAR takes its keys from a JWKS server in this JVM, with lifetimes short
 * enough for an outage to show within seconds, and is clustered on a Redis started here. One
 * deployment (Payara's adapter boots a JVM per deployment).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

    static final String JWKS_DOCUMENT = TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER);
    static final Duration STATE_CHANGE = Duration.ofSeconds(60);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static JwksServer jwks = new JwksServer(JWKS_DOCUMENT);
    static final RedisServer REDIS = RedisServer.start();
    static final OtlpReceiver OTLP = new OtlpReceiver(OpenTelemetryObserver.SCOPE);

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> settings = ContainerDeployments.verifying();
        settings.put("mp.jwt.verify.publickey", null);
        settings.put("mp.jwt.verify.publickey.location", jwks.url());
        // Keys stale after 1 s and unusable 2 s later while refreshes fail; refreshes unthrottled.
        settings.put("wsjwt.jwks.cache-ttl", "1");
        settings.put("wsjwt.jwks.stale-grace", "2");
        settings.put("wsjwt.jwks.min-refresh-interval", "0");
        settings.put("wsjwt.jwks.timeout", "1000");
        settings.put("wsjwt.cluster.redis", REDIS.url());
        // MicroProfile Telemetry, as an operator enables it for the application: the runtime's
        // SDK exports metrics every second over OTLP/HTTP to the receiver in this JVM.
        settings.put("otel.sdk.disabled", "false");
        settings.put("otel.service.name", "wsjwt-ops");
        settings.put("otel.metrics.exporter", "otlp");
        settings.put("otel.traces.exporter", "none");
        settings.put("otel.logs.exporter", "none");
        settings.put("otel.exporter.otlp.protocol", "http/protobuf");
        settings.put("otel.exporter.otlp.endpoint", OTLP.endpoint());
        settings.put("otel.metric.export.interval", "1000");
        return ContainerDeployments.war("wsjwt-ops.war", settings);
    }

    @AfterAll
    static void stopServers() {
        jwks.close();
        REDIS.close();
        OTLP.close();
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void address() {
        ws = ContainerDeployments.ws(base);
    }

    @Test
    void readinessNamesTheFetchedKeysAndTheCluster() {
        Health ready = awaitReadiness(200);
        assertEquals("UP", ready.status());
        JsonObject keys = ready.check("wsjwt-keys");
        assertEquals("UP", keys.getString("status"), keys::toString);
        assertEquals("2", data(keys, "keys"), keys::toString);
        assertEquals("jwks", data(keys, "source"), keys::toString);
        JsonObject cluster = ready.check("wsjwt-cluster");
        assertEquals("UP", cluster.getString("status"), cluster::toString);
        assertEquals("true", data(cluster, "clustered"), cluster::toString);
        assertEquals("up", data(cluster, "redis"), cluster::toString);
    }

    @Test
    void livenessCountsTheOpenSessionsAndNotTheRefusedOnes() {
        awaitReadiness(200);
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsClient.bearer(ws, TokenBuilder.token("ops-" + i).permissions("chat:read").sign()));
            }
            for (int i = 0; i < 2; i++) {
                WsClient.Refusal refused = WsClient.refused(ws, Map.of("Authorization", "Bearer "
                        + TokenBuilder.token("expired-" + i).expiresIn(-60).sign()));
                assertEquals(401, refused.status());
            }
            awaitSessions(3);
        } finally {
            clients.forEach(WsClient::close);
        }
        awaitSessions(0);
    }

    @Test
    void aKeyServerOutageTurnsReadinessDownButNotLiveness() {
        awaitReadiness(200);
        int port = jwks.port();
        jwks.close();
        try {
            Health down = awaitReadiness(503);
            assertEquals("DOWN", down.status());
            JsonObject keys = down.check("wsjwt-keys");
            assertEquals("DOWN", keys.getString("status"), keys::toString);
            assertEquals("2", data(keys, "keys"), "the last keys are still held");
            assertEquals("UP", down.check("wsjwt-cluster").getString("status"));
            Health live = health("live");
            assertEquals(200, live.code(), live::toString);
            assertEquals("UP", live.check("wsjwt").getString("status"));
            WsClient.Refusal refused = WsClient.refused(ws, Map.of("Authorization", "Bearer "
                    + TokenBuilder.token("during-outage").permissions("chat:read").sign()));
            assertEquals(401, refused.status(), "no usable key: the token cannot be verified");
        } finally {
            jwks = new JwksServer(JWKS_DOCUMENT, port);
        }
        // No handshake needed: the readiness probe itself refreshes stale keys.
        Health back = awaitReadiness(200);
        assertEquals("UP", back.check("wsjwt-keys").getString("status"));
    }

    @Test
    void aRedisOutageTurnsReadinessDownButNotLiveness() {
        awaitReadiness(200);
        REDIS.stop();
        try {
            Health down = await("ready", h -> h.code() == 503 && "DOWN".equals(h.check("wsjwt-cluster").getString("status")));
            JsonObject cluster = down.check("wsjwt-cluster");
            assertEquals("down", data(cluster, "redis"), cluster::toString);
            Health live = health("live");
            assertEquals(200, live.code(), live::toString);
            assertEquals("UP", live.check("wsjwt").getString("status"));
        } finally {
            REDIS.startAgain();
        }
        Health back = awaitReadiness(200);
        assertEquals("up", data(back.check("wsjwt-cluster"), "redis"));
    }

    @Test
    void theRuntimeExportsExactUpgradeCounts() {
        // Transport and reason values no other test here uses, so the counts are this test's own.
        Map<String, String> accepted = Map.of("outcome", "accepted", "reason", "none", "transport", "subprotocol");
        Map<String, String> refused = Map.of("outcome", "refused", "reason", "wrong_audience", "transport", "query");
        for (int i = 0; i < 3; i++) {
            String token = TokenBuilder.token("metrics-" + i).permissions("chat:read").sign();
            try (WsClient client = WsClient.connect(ws, Map.of(), "wsjwt", "bearer." + token)) {
                assertEquals("wsjwt", client.subprotocol());
            }
        }
        for (int i = 0; i < 2; i++) {
            String token = TokenBuilder.token("elsewhere-" + i).claim("aud", "another-api").sign();
            assertEquals(401, WsClient.refused(URI.create(ws + "?access_token=" + token), Map.of()).status());
        }
        Await.until(STATE_CHANGE, () -> OTLP.sum("wsjwt.upgrades", accepted) == 3 && OTLP.sum("wsjwt.upgrades", refused) == 2,
                () -> OTLP.exports() + " metric exports received; series: " + OTLP.series());
    }

    // --- reading the runtime's health endpoints ----------------------------------------------

    /** A health answer: the HTTP status and the MicroProfile Health JSON. */
    record Health(int code, JsonObject body) {
        String status() {
            return body.getString("status");
        }

        /** The check named {@code name}; the runtime may add its own checks beside wsjwt's. */
        JsonObject check(String name) {
            return body.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(check -> name.equals(check.getString("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in " + body));
        }
    }

    /**
     * A check's data value as text: WildFly keeps numbers and booleans as JSON numbers and
     * booleans, Payara Micro writes every value as a string.
     */
    static String data(JsonObject check, String key) {
        JsonValue value = check.getJsonObject("data").get(key);
        if (value == null) {
            throw new AssertionError("no data " + key + " in " + check);
        }
        return value instanceof JsonString text ? text.getString() : value.toString();
    }

    Health awaitReadiness(int code) {
        return await("ready", h -> h.code() == code);
    }

    void awaitSessions(long open) {
        await("live", h -> h.code() == 200
                && String.valueOf(open).equals(data(h.check("wsjwt"), "sessions")));
    }

    /** Polls {@code /health/<kind>} until {@code condition} holds; an answer that is not health JSON yet counts as not. */
    Health await(String kind, Predicate<Health> condition) {
        Object[] last = new Object[1];
        Await.until(STATE_CHANGE, () -> {
            try {
                Health health = health(kind);
                last[0] = health;
                return condition.test(health);
            } catch (AssertionError | UncheckedIOException e) {
                last[0] = e;
                return false;
            }
        }, () -> "health/" + kind + ": " + last[0]);
        return (Health) last[0];
    }

    /**
     * {@code /health/<kind>}: Payara Micro serves it on the HTTP port, WildFly on the management
     * port (arquillian.xml: offset 100).
     */
    Health health(String kind) {
        String root = "wildfly".equals(ContainerDeployments.RUNTIME)
                ? "http://127.0.0.1:10090" : "http://127.0.0.1:" + base.getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/health/" + kind))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertTrue(response.body().startsWith("{"), () -> response.statusCode() + " " + response.body());
            return new Health(response.statusCode(), Json.createReader(new StringReader(response.body())).readObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
