package dev.wsjwt.ops;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.MutableClock;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.Scrape;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * Known traffic against the real standalone server, then the real management port: every
 * counter, gauge and health state exactly as the traffic made it.
 */
class OperationsTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "wsjwt.connect.permission", "chat:read",
            "wsjwt.origins", "https://app.example",
            "mp.jwt.verify.clock.skew", "0",
            "wsjwt.session.expiry-warning", "1");

    @Test
    void theScrapeCountsExactlyTheTrafficDriven() throws Exception {
        try (TestServer server = TestServer.start(SETTINGS)) {
            int management = server.app().managementPort();
            String expired = token("mallory").issuedSecondsAgo(900).expiresIn(-600).sign();
            String foreign = token("mallory").signedWith(otherKey(), "RS256").header("kid", TestKeys.RSA.getKeyId()).sign();
            String wrongAudience = token("mallory").claim("aud", "someone-else").sign();

            // Refused upgrades, one reason each (expired twice).
            WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + expired));
            WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + expired));
            WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + foreign));
            WsClient.refused(server.ws(), Map.of(), "wsjwt", "bearer." + wrongAudience);
            WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + reader("eve"),
                    "Origin", "https://evil.example"));
            WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + token("bob").sign()));

            try (WsClient alice = WsClient.bearer(server.ws(), reader("alice"));
                 WsClient admin = WsClient.connect(server.ws(), Map.of(), "wsjwt",
                         "bearer." + token("admin").permissions("chat:read", "sessions:revoke").sign());
                 WsClient erin = WsClient.bearer(server.ws(), reader("erin"));
                 WsClient dave = WsClient.bearer(server.ws(), token("dave").permissions("chat:read").expiresIn(3).sign());
                 WsClient inBand = WsClient.unauthenticated(server.ws())) {
                inBand.request("auth", payload("token", reader("ivan")));

                alice.request("whoami", Json.createObjectBuilder().build());
                alice.request("whoami", Json.createObjectBuilder().build());
                assertEquals("forbidden", error(alice.request("chat.kick", payload("sub", "erin"))));
                assertEquals("unknown_type", error(alice.request("no.such.type", payload("x", "y"))));
                assertEquals("bad_request", error(alice.request("chat.join", Json.createObjectBuilder().build())));

                assertEquals(1, admin.request("session.revoke", payload("sub", "erin"))
                        .getJsonObject("payload").getInt("closed"));
                assertEquals(4401, erin.awaitClose().code());

                assertEquals("auth.expiring", dave.next("auth.expiring").getString("type"));
                assertEquals(4401, dave.awaitClose().code());

                try (WsClient brief = WsClient.bearer(server.ws(), reader("brief"))) {
                    brief.request("whoami", Json.createObjectBuilder().build());
                }
                // The runtime reports a close after the client has seen it: wait for the count.
                Await.until(WsClient.TIMEOUT, () -> Scrape.of(management)
                        .value("wsjwt_sessions_closed_total", "code", "1000") == 1, () -> Scrape.of(management).text());

                Scrape scrape = Scrape.of(management);
                String upgrades = "wsjwt_upgrades_total";
                assertEquals(Map.of(
                        upgrades + "{outcome=\"accepted\",reason=\"none\",transport=\"header\"}", 4.0,
                        upgrades + "{outcome=\"accepted\",reason=\"none\",transport=\"subprotocol\"}", 1.0,
                        upgrades + "{outcome=\"accepted\",reason=\"none\",transport=\"message\"}", 1.0,
                        upgrades + "{outcome=\"awaiting_auth\",reason=\"none\",transport=\"message\"}", 1.0,
                        upgrades + "{outcome=\"refused\",reason=\"expired\",transport=\"header\"}", 2.0,
                        upgrades + "{outcome=\"refused\",reason=\"bad_signature\",transport=\"header\"}", 1.0,
                        upgrades + "{outcome=\"refused\",reason=\"wrong_audience\",transport=\"subprotocol\"}", 1.0,
                        upgrades + "{outcome=\"refused\",reason=\"origin_not_allowed\",transport=\"header\"}", 1.0,
                        upgrades + "{outcome=\"refused\",reason=\"missing_permission\",transport=\"header\"}", 1.0),
                        scrape.all(upgrades), scrape::text);

                assertEquals(3, scrape.value("wsjwt_messages_total", "type", "whoami", "outcome", "ok"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_messages_total", "type", "chat.kick", "outcome", "forbidden"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_messages_total", "type", "other", "outcome", "bad_request"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_messages_total", "type", "chat.join", "outcome", "bad_request"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_messages_total", "type", "session.revoke", "outcome", "ok"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_messages_total", "type", "auth", "outcome", "ok"), scrape::text);
                // Handler time: every message that reached a handler, and only those.
                assertEquals(3, scrape.value("wsjwt_handler_duration_seconds_count", "type", "whoami"), scrape::text);
                assertEquals(3, scrape.value("wsjwt_handler_duration_seconds_bucket", "type", "whoami", "le", "+Inf"), scrape::text);
                assertFalse(scrape.has("wsjwt_handler_duration_seconds_count", "type", "chat.kick"), scrape::text);

                assertEquals(1, scrape.value("wsjwt_expiry_warnings_total"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_revocations_total", "origin", "local"), scrape::text);
                assertEquals(Map.of(
                        "wsjwt_sessions_closed_total{code=\"4401\"}", 2.0,
                        "wsjwt_sessions_closed_total{code=\"1000\"}", 1.0), scrape.all("wsjwt_sessions_closed_total"), scrape::text);
                assertEquals(3, scrape.value("wsjwt_sessions_open"), scrape::text); // alice, admin, ivan
                assertEquals(1, scrape.value("wsjwt_jwks_fetches_total", "outcome", "ok"), scrape::text);
                assertEquals(2, scrape.value("wsjwt_jwks_keys"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_keys_usable"), scrape::text);
                assertTrue(scrape.value("wsjwt_jwks_since_fetch_seconds") >= 0, scrape::text);
                assertFalse(scrape.has("wsjwt_cluster_up"), "not clustered: no cluster gauge");
            }
        }
    }

    @Test
    void renewalsAndKicksAreCounted() {
        try (TestServer server = TestServer.start(Map.of())) {
            int management = server.app().managementPort();
            try (WsClient moderator = WsClient.bearer(server.ws(), token("mod").permissions("chat:moderate").sign());
                 WsClient bob = WsClient.bearer(server.ws(), token("bob").sign())) {
                moderator.request("auth", payload("token", token("mod").permissions("chat:moderate").expiresIn(600).sign()));
                moderator.request("chat.kick", payload("sub", "bob"));
                assertEquals(4403, bob.awaitClose().code());
                Await.until(WsClient.TIMEOUT, () -> Scrape.of(management).has("wsjwt_sessions_closed_total", "code", "4403"),
                        () -> Scrape.of(management).text());
                Scrape scrape = Scrape.of(management);
                assertEquals(1, scrape.value("wsjwt_renewals_total"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_kicks_total", "origin", "local"), scrape::text);
                assertEquals(1, scrape.value("wsjwt_sessions_closed_total", "code", "4403"), scrape::text);
            }
        }
    }

    @Test
    void keysPastTheirGraceTurnReadinessDownUntilAFetchSucceeds() {
        MutableClock clock = MutableClock.startingNow();
        try (TestServer server = TestServer.start(Map.of(
                "wsjwt.jwks.cache-ttl", "60", "wsjwt.jwks.stale-grace", "30",
                // Longer than the fetch timeout: a refused refresh is never retried behind the test's back.
                "wsjwt.jwks.min-refresh-interval", "10", "wsjwt.jwks.timeout", "2000"), clock)) {
            int management = server.app().managementPort();
            Await.until(WsClient.TIMEOUT, () -> Scrape.get(management, "/health/ready").statusCode() == 200,
                    () -> Scrape.get(management, "/health/ready").body());
            JsonObject ready = json(Scrape.get(management, "/health/ready"));
            assertEquals("UP", ready.getString("status"));
            assertEquals(2, check(ready, "wsjwt-keys").getJsonObject("data").getInt("keys"));

            // The provider goes down; the keys outlive their lifetime and the grace period.
            server.jwks().status(503);
            clock.advance(Duration.ofSeconds(91));
            HttpResponse<String> down = Scrape.get(management, "/health/ready");
            assertEquals(503, down.statusCode(), down.body());
            assertEquals("DOWN", check(json(down), "wsjwt-keys").getString("status"));
            assertEquals("UP", check(json(down), "wsjwt-cluster").getString("status"));
            assertEquals(200, Scrape.get(management, "/health/live").statusCode(), "an IdP outage never fails liveness");
            assertEquals(0, Scrape.of(management).value("wsjwt_keys_usable"));

            // A handshake meanwhile is refused, and its attempt to fetch is counted as failed.
            WsClient.Refusal refusal = WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + reader("alice")));
            assertTrue(refusal.wwwAuthenticate().contains("signing keys unavailable"), refusal.wwwAuthenticate());
            Scrape scrape = Scrape.of(management);
            assertEquals(1, scrape.value("wsjwt_jwks_fetches_total", "outcome", "failed"), scrape::text);
            assertEquals(1, scrape.value("wsjwt_upgrades_total", "outcome", "refused", "reason", "key_unavailable",
                    "transport", "header"), scrape::text);

            server.jwks().status(200);
            clock.advance(Duration.ofSeconds(11));
            try (WsClient alice = WsClient.bearer(server.ws(), reader("alice"))) {
                assertEquals(200, Scrape.get(management, "/health/ready").statusCode());
                assertEquals(2, Scrape.of(management).value("wsjwt_jwks_fetches_total", "outcome", "ok"));
            }
        }
    }

    @Test
    void redisStoppedIsReportedWithoutFailingLiveness() {
        try (RedisServer redis = RedisServer.start();
             TestServer server = TestServer.start(Map.of("wsjwt.cluster.redis", redis.url()))) {
            int management = server.app().managementPort();
            Await.until(WsClient.TIMEOUT, () -> Scrape.of(management).value("wsjwt_cluster_up") == 1,
                    () -> Scrape.of(management).text());
            assertEquals(200, Scrape.get(management, "/health/ready").statusCode());
            try (WsClient moderator = WsClient.bearer(server.ws(), token("mod").permissions("chat:moderate").sign())) {
                moderator.request("chat.kick", payload("sub", "nobody"));
                Await.until(WsClient.TIMEOUT, () -> Scrape.of(management)
                        .value("wsjwt_cluster_events_total", "outcome", "published") == 1, () -> Scrape.of(management).text());

                redis.stop();
                Await.until(WsClient.TIMEOUT, () -> Scrape.get(management, "/health/ready").statusCode() == 503,
                        () -> Scrape.get(management, "/health/ready").body());
                JsonObject ready = json(Scrape.get(management, "/health/ready"));
                assertEquals("DOWN", check(ready, "wsjwt-cluster").getString("status"));
                assertEquals("down", check(ready, "wsjwt-cluster").getJsonObject("data").getString("redis"));
                assertEquals("UP", check(ready, "wsjwt-keys").getString("status"));
                assertEquals(200, Scrape.get(management, "/health/live").statusCode(), "Redis down never fails liveness");
                assertEquals(0, Scrape.of(management).value("wsjwt_cluster_up"));

                moderator.request("chat.kick", payload("sub", "nobody"));
                Await.until(WsClient.TIMEOUT, () -> Scrape.of(management)
                        .value("wsjwt_cluster_events_total", "outcome", "dropped") == 1, () -> Scrape.of(management).text());

                redis.startAgain();
                Await.until(Duration.ofSeconds(30), () -> Scrape.get(management, "/health/ready").statusCode() == 200,
                        () -> Scrape.get(management, "/health/ready").body());
                assertEquals(1, Scrape.of(management).value("wsjwt_cluster_up"));
            }
        }
    }

    @Test
    void thousandsOfDistinctBadInputsAddNoSeries() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.log.refusal-interval", "3600",
                "wsjwt.rate.per-second", "1000000", "wsjwt.rate.burst", "1000000"));
             LogCapture log = LogCapture.of(SecurityEventLog.LOGGER)) {
            int management = server.app().managementPort();
            try (WsClient alice = WsClient.bearer(server.ws(), reader("alice"))) {
                for (int i = 0; i < 300; i++) {
                    WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + symmetric("made-up-" + i)));
                    alice.send("type-" + i, "id-" + i, payload("n", "x"));
                }
                alice.request("whoami", Json.createObjectBuilder().build()); // in order: every message above is answered
                Scrape scrape = Scrape.of(management);
                assertEquals(300, scrape.value("wsjwt_messages_total", "type", "other", "outcome", "bad_request"), scrape::text);
                assertEquals(300, scrape.value("wsjwt_upgrades_total", "outcome", "refused", "reason", "algorithm_not_allowed",
                        "transport", "header"), scrape::text);
                Set<String> leaked = scrape.text().lines().filter(line -> line.contains("made-up-") || line.contains("type-"))
                        .collect(Collectors.toSet());
                assertEquals(Set.of(), leaked, "no client value reaches a series");
                assertEquals(2, scrape.all("wsjwt_upgrades_total").size(), scrape::text); // and alice's accepted
                assertEquals(1, log.containing(java.util.logging.Level.INFO, "event=upgrade_refused").size(),
                        () -> "one line per reason per interval: " + log.messages(java.util.logging.Level.INFO));
            }
        }
    }

    @Test
    void metricsOffLeavesHealthOn() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.metrics.enabled", "false"))) {
            int management = server.app().managementPort();
            assertEquals(404, Scrape.get(management, "/metrics").statusCode());
            Await.until(WsClient.TIMEOUT, () -> Scrape.get(management, "/health/ready").statusCode() == 200, "ready");
            assertEquals(200, Scrape.get(management, "/health/live").statusCode());
        }
    }

    @Test
    void managementOffOpensNoPort() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.management.port", "-1"))) {
            assertEquals(-1, server.app().managementPort());
        }
    }

    private static String reader(String subject) {
        return token(subject).permissions("chat:read").sign();
    }

    /** A token naming HS256 (refused by its header, before any key lookup) and the given kid. */
    private static String symmetric(String kid) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}").getBytes())
                + "." + b64.encodeToString("{\"sub\":\"m\"}".getBytes()) + ".c2ln";
    }

    private static RsaJsonWebKey otherKey() throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("other");
        return key;
    }

    private static JsonObject payload(String... pairs) {
        var builder = Json.createObjectBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            builder.add(pairs[i], pairs[i + 1]);
        }
        return builder.build();
    }

    private static String error(JsonObject reply) {
        return reply.getJsonObject("error").getString("code");
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static JsonObject check(JsonObject report, String name) {
        return report.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report));
    }
}
