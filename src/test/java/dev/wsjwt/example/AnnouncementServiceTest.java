package dev.wsjwt.example;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's example service, registered with {@code Wsjwt.endpoint} on the standalone runtime. */
class AnnouncementServiceTest {

    @Test
    void postsReachListenersAndPermissionsAreEnforced() {
        try (EmbeddedServer server = EmbeddedServer.start(Map.of(),
                wsjwt -> List.of(new AnnouncementService(wsjwt.sessions(), wsjwt.replies())));
             WsClient editor = WsClient.bearer(server.ws(), TokenBuilder.token("editor")
                     .permissions(AnnouncementService.READ, AnnouncementService.WRITE).sign());
             WsClient reader = WsClient.bearer(server.ws(), TokenBuilder.token("reader")
                     .permissions(AnnouncementService.READ).sign());
             WsClient stranger = WsClient.bearer(server.ws(), TokenBuilder.token("stranger").sign())) {

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
