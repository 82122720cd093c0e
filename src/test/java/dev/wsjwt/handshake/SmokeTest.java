package dev.wsjwt.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void acceptsBearerHeaderAndAnswersWhoami() {
        try (TestServer server = TestServer.start();
             WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").permissions("chat:read").sign())) {
            JsonObject reply = client.request("whoami", null);
            assertEquals("result", reply.getString("type"));
            assertEquals("alice", reply.getJsonObject("payload").getString("sub"));
        }
    }

    @Test
    void refusesExpiredTokenWith401() {
        try (TestServer server = TestServer.start()) {
            WsClient.Refusal refusal = WsClient.refused(server.ws(),
                    Map.of("Authorization", "Bearer " + TokenBuilder.token("alice").expiresIn(-600).sign()));
            assertEquals(401, refusal.status());
            assertEquals("Bearer error=\"invalid_token\", error_description=\"token expired\"", refusal.wwwAuthenticate());
        }
    }
}
