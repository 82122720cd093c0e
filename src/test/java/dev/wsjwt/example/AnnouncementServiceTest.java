package dev.wsjwt.example;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Settings;
import dev.wsjwt.standalone.StandaloneServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example of the README's "Writing a permission-checked service", assembled as the page shows (only the configuration
 * source differs), over a real client.
 */
class AnnouncementServiceTest {

    @Test
    void postsReachListenersAndPermissionsAreEnforced() throws Exception {
        Settings settings = Settings.from(ConfigLookup.of(Map.of(
                "mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA),
                "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE,
                "wsjwt.port", "0")));
        try (Wsjwt wsjwt = Wsjwt.create(settings, Clock.systemUTC());
             StandaloneServer server = new StandaloneServer(settings.server().host(), settings.server().port()).start()) {
            // As in the documentation:
            server.offloadUpgradesWhen(wsjwt.authenticator()::mayWait)
                    .endpoint(wsjwt.endpoint("/ws/announcements",
                    List.of(new AnnouncementService(wsjwt.sessions(), wsjwt.replies())),
                    server.hooks()));

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
