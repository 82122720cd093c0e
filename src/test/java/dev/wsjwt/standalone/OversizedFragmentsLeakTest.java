package dev.wsjwt.standalone;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.dispatch.AnyAuthenticated;
import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.session.Connection;
import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.WsClient;
import jakarta.websocket.Session;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A tokenless connection (message transport) that sends a fragmented text message past the size
 * limit, never finished, is closed 1009; the server must then hold nothing of it: not its wsjwt
 * connection, not its runtime session, and nothing that keeps them reachable. Counted, not
 * measured by heap size.
 */
class OversizedFragmentsLeakTest {

    private static final int LIMIT = 1024;
    private static final int HOSTILE = 40;

    /** Reports what the server holds, and takes weak references to every other open session. */
    public static final class Inspector {
        final List<WeakReference<Session>> others = new CopyOnWriteArrayList<>();

        @Handles("test.sessions")
        @AnyAuthenticated
        public Map<String, Integer> sessions(Connection caller) {
            return Map.of("open", caller.session().getOpenSessions().size());
        }

        @Handles("test.capture")
        @AnyAuthenticated
        public Map<String, Integer> capture(Connection caller) {
            for (Session open : caller.session().getOpenSessions()) {
                if (open != caller.session()) {
                    others.add(new WeakReference<>(open));
                }
            }
            return Map.of("captured", others.size());
        }
    }

    @Test
    void holdsNothingOfConnectionsClosedForOversizedFragments() throws Exception {
        Inspector inspector = new Inspector();
        try (EmbeddedServer server = EmbeddedServer.start(Map.of("wsjwt.message.max-size", String.valueOf(LIMIT),
                "wsjwt.auth.timeout", "600"), wsjwt -> List.of(inspector));
             WsClient observer = WsClient.bearer(server.ws(), token("alice").sign())) {
            List<RawUpgrade> hostile = new ArrayList<>();
            try {
                for (int i = 0; i < HOSTILE; i++) {
                    hostile.add(RawUpgrade.connect(server.ws().getPort()).upgrade(server.ws().getPort(), EmbeddedServer.PATH, Map.of()));
                }
                Await.until(Duration.ofSeconds(10), () -> openSessions(observer) == HOSTILE + 1,
                        () -> "hostile sessions open: " + openSessions(observer));
                observer.request("test.capture", null);
                assertEquals(HOSTILE, inspector.others.size());

                byte[] part = "x".repeat(LIMIT / 2).getBytes(StandardCharsets.UTF_8);
                for (RawUpgrade raw : hostile) {
                    raw.send(RawUpgrade.frame(false, 1, part));
                    raw.send(RawUpgrade.frame(false, 0, part));
                    raw.send(RawUpgrade.frame(false, 0, part));
                }
                for (RawUpgrade raw : hostile) {
                    assertEquals(1009, raw.readCloseCode());
                }
            } finally {
                for (RawUpgrade raw : hostile) {
                    raw.close();
                }
            }

            var registry = server.wsjwt().sessionManager().registry();
            Await.until(Duration.ofSeconds(10), () -> registry.size() == 1 && openSessions(observer) == 1,
                    () -> "still held: " + registry.size() + " wsjwt connection(s), " + openSessions(observer) + " session(s)");
            Await.until(Duration.ofSeconds(10), () -> {
                System.gc();
                return inspector.others.stream().allMatch(ref -> ref.get() == null);
            }, () -> inspector.others.stream().filter(ref -> ref.get() != null).count() + " of " + HOSTILE
                    + " closed sessions still reachable");
        }
    }

    private static int openSessions(WsClient observer) {
        return observer.request("test.sessions", null).getJsonObject("payload").getInt("open");
    }
}
