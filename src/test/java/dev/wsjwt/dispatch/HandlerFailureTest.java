package dev.wsjwt.dispatch;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Services that misbehave: at run time (a throwing handler) and at start-up (no permission declared). */
class HandlerFailureTest {

    public static final class Failing {
        @Handles("test.boom")
        @AnyAuthenticated
        public Object boom() {
            throw new IllegalStateException("secret internals");
        }

        @Handles("test.refuse")
        @AnyAuthenticated
        public Object refuse() {
            throw new MessageException(ErrorCode.FORBIDDEN, "not today");
        }

        @Handles("test.error")
        @AnyAuthenticated
        public Object error() {
            throw new AssertionError("an Error, not an exception");
        }
    }

    public static final class Undeclared {
        @Handles("test.open")
        public String open() {
            return "served to anyone";
        }
    }

    @Test
    void throwingHandlerAnswersInternalAndTheSessionStaysOpen() {
        try (EmbeddedServer server = EmbeddedServer.start(Map.of(), wsjwt -> List.of(new Failing()));
             WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            var error = error(client.request("test.boom", null), "internal");
            assertFalse(error.getString("message").contains("secret"), error::toString);
            error(client.request("test.refuse", null), "forbidden");
            assertEquals("alice", result(client.request("whoami", null)).getString("sub"));
            assertFalse(client.isClosed());
        }
    }

    @Test
    void aFailingHandlerIsLoggedByItsMethodInOneCleanLine() {
        try (LogCapture log = LogCapture.of(Dispatcher.class);
             EmbeddedServer server = EmbeddedServer.start(Map.of(), wsjwt -> List.of(new Failing()));
             WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            error(client.request("test.boom", null), "internal");
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings::toString);
            String line = warnings.get(0);
            assertTrue(line.startsWith("handler " + Failing.class.getName() + ".boom failed on "), line);
            assertFalse(line.contains("''"), line);
            assertFalse(line.contains("\n"), line);
        }
    }

    @Test
    void anErrorInAHandlerIsAnsweredInternalOnThePoolToo() {
        // test.error may block, so on the standalone server it runs on the worker pool
        try (EmbeddedServer server = EmbeddedServer.start(Map.of(), wsjwt -> List.of(new Failing()));
             WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            var error = error(client.request("test.error", null), "internal");
            assertFalse(error.getString("message").contains("Error"), error::toString);
            assertEquals("alice", result(client.request("whoami", null)).getString("sub"));
            assertFalse(client.isClosed());
        }
    }

    @Test
    void handlerWithoutPermissionAnnotationFailsConstructionNamingTheMethod() {
        try (Jsonb jsonb = JsonbBuilder.create()) {
            JsonProvider json = JsonProvider.provider();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Dispatcher(
                    List.of(new BuiltInHandlers(), new Undeclared()), null, json, jsonb, new Replies(json, jsonb),
                    Clock.systemUTC()));
            assertTrue(e.getMessage().contains(Undeclared.class.getName() + ".open"), e.getMessage());
            assertTrue(e.getMessage().contains("test.open"), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
