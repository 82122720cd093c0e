package dev.wsjwt.example;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.standalone.StandaloneApp;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standalone example of docs/services.md, assembled as the page shows (only the configuration
 * source differs), over a real client.
 */
class AnnouncementServiceTest {

    @Test
    void postsReachListenersAndPermissionsAreEnforced() throws Exception {
        Map<String, String> settings = Map.of(
                "mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA),
                "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE,
                "wsjwt.port", "0");
        // As in the documentation (there the settings come from StandaloneApp.defaultLookup()):
        try (StandaloneApp app = StandaloneApp.start(ConfigLookup.of(settings), Clock.systemUTC(), endpoints -> endpoints
                .messages("/ws/announcements", new AnnouncementService(endpoints.sessions())))) {
            StandaloneApp server = app;
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/announcements");
            try (WsClient editor = WsClient.bearer(uri, TokenBuilder.token("editor")
                         .permissions(AnnouncementService.READ, AnnouncementService.WRITE).sign());
                 WsClient reader = WsClient.bearer(uri, TokenBuilder.token("reader")
                         .permissions(AnnouncementService.READ).sign());
                 WsClient stranger = WsClient.bearer(uri, TokenBuilder.token("stranger").sign())) {

                assertEquals(payload(), result(reader.request("announcements.listen", null)));
                error(stranger.request("announcements.listen", null), "forbidden");
                error(reader.request("announcements.post", payload("text", "hello")), "forbidden");
                error(editor.request("announcements.post", payload()), "bad_request");

                JsonObject posted = result(editor.request("announcements.post", payload("text", "hello")));
                assertEquals(1, posted.getInt("delivered"));
                JsonObject push = reader.next("announcement");
                assertEquals(payload("from", "editor", "text", "hello"), push.getJsonObject("payload"));
            }
        }
    }
}
