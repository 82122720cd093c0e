package dev.wsjwt.dispatch;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message protocol over a real client and the real standalone server. */
class DispatchTest {

    private static final int MAX_SIZE = 32_768;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("wsjwt.message.max-size", String.valueOf(MAX_SIZE)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient reader(String sub) {
        return WsClient.bearer(server.ws(), TokenBuilder.token(sub).permissions("chat:read").sign());
    }

    private static void assertStillServes(WsClient client, String sub) {
        assertEquals(sub, result(client.request("whoami", null)).getString("sub"));
        assertFalse(client.isClosed());
    }

    @Test
    void whoamiAnswersSubPermissionsGroupsAndExp() {
        TokenBuilder token = TokenBuilder.token("alice").permissions("chat:write", "chat:read")
                .claim("groups", List.of("staff")).expiresIn(600);
        try (WsClient client = WsClient.bearer(server.ws(), token.sign())) {
            JsonObject reply = client.request("whoami", null);
            assertEquals("r1", reply.getString("id"));
            JsonObject who = result(reply);
            assertEquals("alice", who.getString("sub"));
            assertTrue(who.getJsonArray("permissions").getValuesAs(JsonString::getString)
                    .containsAll(List.of("chat:read", "chat:write")), who::toString);
            assertEquals(List.of("staff"), who.getJsonArray("groups").getValuesAs(JsonString::getString));
            assertEquals(token.expiresAt(), who.getJsonNumber("exp").longValueExact());
            assertEquals(4, who.size(), who::toString);
        }
    }

    @Test
    void whoamiSortsTheListsEscapesTheSubjectAndIsTheSameWhenAskedAgain() {
        String sub = "o'brien \"the\" \\ admin </script> \u00e9";
        TokenBuilder token = TokenBuilder.token(sub).permissions("z:last", "a:first", "m:middle")
                .claim("groups", List.of("beta", "alpha"));
        try (WsClient client = WsClient.bearer(server.ws(), token.sign())) {
            JsonObject first = result(client.request("whoami", null));
            assertEquals(sub, first.getString("sub"));
            // groups grant permissions too (wsjwt.permissions.claims: permissions, scope, groups)
            assertEquals(List.of("a:first", "alpha", "beta", "m:middle", "z:last"),
                    first.getJsonArray("permissions").getValuesAs(JsonString::getString));
            assertEquals(List.of("alpha", "beta"), first.getJsonArray("groups").getValuesAs(JsonString::getString));
            assertEquals(first, result(client.request("whoami", null)));
        }
    }

    @Test
    void malformedJsonIsBadRequestAndTheSessionStaysOpen() {
        try (WsClient client = reader("alice")) {
            client.sendText("{\"type\":\"whoami\",");
            error(client.next(), "bad_request");
            assertStillServes(client, "alice");
        }
    }

    @Test
    void missingTypeIsBadRequestCarryingTheId() {
        try (WsClient client = reader("alice")) {
            client.sendText("{\"id\":\"q7\",\"payload\":{}}");
            JsonObject reply = client.next();
            error(reply, "bad_request");
            assertEquals("q7", reply.getString("id"));
            client.sendText("{\"payload\":{}}");
            JsonObject anonymous = client.next();
            error(anonymous, "bad_request");
            assertFalse(anonymous.containsKey("id"), anonymous::toString);
            assertStillServes(client, "alice");
        }
    }

    @Test
    void payloadThatIsNotAnObjectIsBadRequest() {
        try (WsClient client = reader("alice")) {
            client.sendText("{\"type\":\"chat.join\",\"id\":\"p1\",\"payload\":[\"r\"]}");
            JsonObject reply = client.next();
            error(reply, "bad_request");
            assertEquals("p1", reply.getString("id"));
            client.sendText("{\"type\":\"chat.join\",\"id\":\"p2\",\"payload\":\"r\"}");
            error(client.next(), "bad_request");
            assertStillServes(client, "alice");
        }
    }

    @Test
    void payloadOfTheWrongShapeIsBadRequest() {
        try (WsClient client = reader("alice")) {
            error(client.request("chat.join", Json.createObjectBuilder().add("room", 42).build()), "bad_request");
            error(client.request("chat.join", Json.createObjectBuilder().add("room", Json.createObjectBuilder()).build()),
                    "bad_request");
            error(client.request("chat.join", payload()), "bad_request");
            error(client.request("chat.join", null), "bad_request");
            error(client.request("chat.join", payload("room", " ")), "bad_request");
            assertEquals("r", result(client.request("chat.join", payload("room", "r"))).getString("room"));
        }
    }

    @Test
    void unknownTypeIsUnknownType() {
        try (WsClient client = reader("alice")) {
            error(client.request("no.such.thing", payload()), "unknown_type");
            assertStillServes(client, "alice");
        }
    }

    @Test
    void missingPermissionIsForbiddenAndTheSessionStaysOpen() {
        try (WsClient client = reader("bob")) {
            JsonObject error = error(client.request("chat.send", payload("room", "r", "text", "hi")), "forbidden");
            assertFalse(error.getString("message").contains("Exception"), error::toString);
            assertStillServes(client, "bob");
        }
    }

    @Test
    void binaryFrameIsAnErrorAndTheSessionStaysOpen() {
        try (WsClient client = reader("alice")) {
            client.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            error(client.next(), "bad_request");
            assertStillServes(client, "alice");
        }
    }

    @Test
    void messageOverTheSizeLimitCloses1009() {
        try (WsClient bystander = reader("bob"); WsClient client = reader("alice")) {
            String text = "x".repeat(MAX_SIZE + 1);
            client.send("chat.send", "big", payload("room", "r", "text", text));
            assertEquals(1009, client.awaitClose().code());
            assertStillServes(bystander, "bob");
        }
    }

    @Test
    void sizeLimitCountsUtf8BytesNotCharacters() {
        // Three bytes a character: 12,000 characters are 36,000 bytes, over the 32,768-byte limit.
        String over = "{\"type\":\"whoami\",\"id\":\"big\",\"payload\":{\"pad\":\"" + "\u20ac".repeat(12_000) + "\"}}";
        // 10,000 characters are 30,000 bytes: under it.
        String under = "{\"type\":\"whoami\",\"id\":\"ok\",\"payload\":{\"pad\":\"" + "\u20ac".repeat(10_000) + "\"}}";
        try (WsClient client = reader("alice")) {
            client.sendText(under);
            assertEquals("ok", client.next().getString("id"));
            client.sendText(over);
            assertEquals(new WsClient.Close(1009, "message larger than " + MAX_SIZE + " bytes"), client.awaitClose());
        }
    }

    @Test
    void deeplyNestedPayloadIsRefusedWithoutHarmingAnyone() {
        int depth = 10_000;
        try (WsClient bystander = reader("bob"); WsClient client = reader("alice")) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            String text = "{\"type\":\"whoami\",\"id\":\"deep\",\"payload\":{\"a\":" + nested + "}}";
            assertTrue(text.length() < MAX_SIZE, "under the size limit, so the parser sees it");
            client.sendText(text);
            error(client.next(), "bad_request");
            assertStillServes(client, "alice");
            assertStillServes(bystander, "bob");
        }
    }
}
