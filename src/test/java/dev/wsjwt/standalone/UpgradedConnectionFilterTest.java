package dev.wsjwt.standalone;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upgraded connection's frames bypass Grizzly's HTTP codec, and the HTTP request Grizzly would
 * keep "in progress" for the connection's whole life is let go ({@link UpgradedConnectionFilter}).
 * Counted in live objects (a class histogram after a full GC), not measured in bytes.
 */
class UpgradedConnectionFilterTest {

    private static final String REQUEST_CLASS = "org.glassfish.grizzly.http.HttpServerFilter$ServerHttpRequestImpl";
    private static final int SESSIONS = 100;

    @Test
    void openSessionsHoldNoHttpRequest() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(Map.of(), wsjwt -> List.of())) {
            List<WsClient> clients = new ArrayList<>();
            long before = liveInstances(REQUEST_CLASS);
            try {
                for (int i = 0; i < SESSIONS; i++) {
                    clients.add(WsClient.bearer(server.ws(), token("user-" + i).sign()));
                }
                for (WsClient client : clients) { // frames still reach the dispatcher, and replies come back
                    assertEquals("user-" + clients.indexOf(client), client.request("whoami", null).getJsonObject("payload").getString("sub"));
                }
                long after = liveInstances(REQUEST_CLASS);
                // Without the filter every open session holds its upgrade request (after - before >= 100);
                // Grizzly's thread-local caches may keep a few recycled ones.
                assertTrue(after - before < SESSIONS / 4,
                        "live " + REQUEST_CLASS + " grew by " + (after - before) + " with " + SESSIONS + " open sessions");
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void framesSplitAcrossReadsStillArriveWhole() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(Map.of(), wsjwt -> List.of());
             RawUpgrade raw = RawUpgrade.connect(server.ws().getPort())) {
            raw.upgrade(server.ws().getPort(), EmbeddedServer.PATH,
                    Map.of("Authorization", "Bearer " + token("alice").sign()));
            byte[] first = RawUpgrade.maskedTextFrame("{\"type\":\"whoami\",\"id\":\"1\"}");
            byte[] second = RawUpgrade.maskedTextFrame("{\"type\":\"whoami\",\"id\":\"2\"}");
            for (byte b : first) { // one byte a write: the frame header itself arrives in pieces
                raw.send(new byte[] {b});
            }
            byte[] both = new byte[second.length + first.length];
            System.arraycopy(second, 0, both, 0, second.length);
            System.arraycopy(first, 0, both, second.length, first.length);
            raw.send(both); // two frames in one write
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonObject reply = Json.createReader(new StringReader(raw.readTextFrame())).readObject();
                assertEquals("alice", reply.getJsonObject("payload").getString("sub"));
                ids.add(reply.getString("id"));
            }
            assertEquals(List.of("1", "2", "1"), ids);
        }
    }

    /**
     * With the worker and leader-follower strategies Grizzly may start a connection's next read
     * before the handshake's read has completed: a whoami sent at once after the 101 must still
     * reach the dispatcher, every time.
     */
    @ParameterizedTest
    @ValueSource(strings = {"worker", "leader-follower", "same-thread"})
    void everyStrategyAnswersAWhoamiSentAtOnceAfterTheUpgrade(String strategy) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(Map.of("wsjwt.server.io-strategy", strategy), wsjwt -> List.of())) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> subjects = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String sub = "user-" + i;
                    subjects.add(clients.submit(() -> {
                        try (WsClient client = WsClient.bearer(server.ws(), token(sub).sign())) {
                            return client.request("whoami", null).getJsonObject("payload").getString("sub");
                        }
                    }));
                }
                for (int i = 0; i < subjects.size(); i++) {
                    assertEquals("user-" + i, subjects.get(i).get(30, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    /** Live instances of a class, from the JVM's class histogram (which runs a full GC first). */
    private static long liveInstances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Matcher line = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "\\s*$",
                Pattern.MULTILINE).matcher(histogram);
        return line.find() ? Long.parseLong(line.group(1)) : 0;
    }
}
