package dev.wsjwt.dispatch;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.WebSocketConnection;
import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jakarta's {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on handlers, beside
 * wsjwt's own annotations: what each lets through over a real client, and the declarations that
 * must stop start-up with one line naming the class and method.
 */
class AccessDeclarationsTest {

    public record Text(String text) {
    }

    public static final class Orders {
        @Handles("orders.list")
        @RolesAllowed({"orders:read", "orders:admin"})
        @NonBlocking
        public Text list(JsonWebToken caller) {
            return new Text("for " + caller.getSubject());
        }

        @Handles("orders.stock")
        @PermitAll
        public Text stock() {
            return new Text("42");
        }

        @Handles("orders.purge")
        @DenyAll
        public Text purge() {
            return new Text("purged");
        }
    }

    /** Class-level declarations apply to handlers that declare nothing; a method's own wins. */
    @RolesAllowed("admin:all")
    public static final class Admin {
        @Handles("admin.status")
        public Text status() {
            return new Text("ok");
        }

        @Handles("admin.ping")
        @PermitAll
        public Text ping(WebSocketConnection connection) {
            return new Text(connection.subject().orElseThrow());
        }
    }

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start(Map.of(), wsjwt -> List.of(new Orders(), new Admin()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient client(String sub, String... permissions) {
        return WsClient.bearer(server.ws(), TokenBuilder.token(sub).permissions(permissions).sign());
    }

    @Test
    void rolesAllowedLetsAnyOneOfItsPermissionsThrough() {
        try (WsClient reader = client("reader", "orders:read");
             WsClient admin = client("admin", "orders:admin")) {
            assertEquals("for reader", result(reader.request("orders.list", null)).getString("text"));
            assertEquals("for admin", result(admin.request("orders.list", null)).getString("text"));
        }
    }

    @Test
    void rolesAllowedRefusesTheOthersAndKeepsTheSessionOpen() {
        try (WsClient stranger = client("stranger", "orders:write")) {
            String refusal = error(stranger.request("orders.list", null), "forbidden").getString("message");
            assertTrue(refusal.contains("'orders:read', 'orders:admin'"), refusal);
            assertEquals("stranger", result(stranger.request("whoami", null)).getString("sub"));
            assertFalse(stranger.isClosed());
        }
    }

    @Test
    void permitAllServesEveryAuthenticatedSessionAndDenyAllNobody() {
        try (WsClient nobody = client("nobody");
             WsClient everything = client("root", "orders:read", "orders:admin", "admin:all")) {
            assertEquals("42", result(nobody.request("orders.stock", null)).getString("text"));
            error(nobody.request("orders.purge", null), "forbidden");
            error(everything.request("orders.purge", null), "forbidden");
            assertEquals("root", result(everything.request("whoami", null)).getString("sub"));
        }
    }

    @Test
    void classLevelRolesAllowedAppliesWhereTheMethodDeclaresNothing() {
        try (WsClient admin = client("admin", "admin:all");
             WsClient user = client("user")) {
            assertEquals("ok", result(admin.request("admin.status", null)).getString("text"));
            error(user.request("admin.status", null), "forbidden");
            assertEquals("user", result(user.request("admin.ping", payload())).getString("text"));
        }
    }

    // --- declarations that must not start --------------------------------------------------

    public static final class EmptyRoles {
        @Handles("x.empty")
        @RolesAllowed({})
        public void empty() {
        }
    }

    public static final class Unresolvable {
        @Handles("x.odd")
        @PermitAll
        public void odd(Runnable what) {
        }
    }

    public static final class TwoPayloads {
        @Handles("x.two")
        @PermitAll
        public void two(Text first, Text second) {
        }
    }

    public static final class Contradictory {
        @Handles("x.both")
        @PermitAll
        @DenyAll
        public void both() {
        }
    }

    public static final class SameTypeAgain {
        @Handles("orders.list")
        @RequiresPermission("orders:read")
        public void list() {
        }
    }

    @Test
    void emptyRolesAllowedFailsNamingTheMethod() {
        assertStartupFails(new EmptyRoles(), EmptyRoles.class.getName() + ".empty", "@RolesAllowed with no permission");
    }

    @Test
    void unresolvableParameterFailsNamingTheMethod() {
        assertStartupFails(new Unresolvable(), Unresolvable.class.getName() + ".odd", "cannot resolve parameter");
    }

    @Test
    void secondPayloadParameterFailsNamingTheMethod() {
        assertStartupFails(new TwoPayloads(), TwoPayloads.class.getName() + ".two", "second payload parameter");
    }

    @Test
    void contradictoryDeclarationsFailNamingTheMethod() {
        assertStartupFails(new Contradictory(), Contradictory.class.getName() + ".both", "more than one of");
    }

    @Test
    void twoServicesHandlingOneTypeFailNamingBothMethods() {
        assertStartupFails(new SameTypeAgain(), SameTypeAgain.class.getName() + ".list",
                Orders.class.getName() + ".list");
    }

    private static void assertStartupFails(Object service, String... expected) {
        try (Jsonb jsonb = JsonbBuilder.create()) {
            JsonProvider json = JsonProvider.provider();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Dispatcher(
                    List.of(new BuiltInHandlers(), new Orders(), service), null, json, jsonb, new Replies(json, jsonb),
                    Clock.systemUTC()));
            for (String part : expected) {
                assertTrue(e.getMessage().contains(part), e.getMessage());
            }
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
