package dev.wsjwt.standalone;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upgrade requests that trickle their head: closed once {@code wsjwt.server.header-timeout} has
 * passed however the bytes keep coming, and no more than
 * {@code wsjwt.server.max-pending-per-address} of them, stalled, held for one address. Open
 * WebSockets are not timed by it.
 */
class SlowUpgradeTest {

    private static final String HEAD_START = "GET /ws/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n";

    @Test
    void upgradeTricklingItsHeadIsClosedAfterTheHeaderTimeoutWhileOpenSessionsStay() throws Exception {
        try (TestServer server = TestServer.start(Map.of("wsjwt.server.header-timeout", "1"));
             WsClient established = WsClient.bearer(server.ws(), token("alice").sign());
             Socket slow = new Socket("127.0.0.1", server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(HEAD_START.getBytes(StandardCharsets.US_ASCII));
            // One header byte every read timeout (200 ms) until the server closes: a trickle.
            slow.setSoTimeout(200);
            long started = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - started < WsClient.TIMEOUT.toNanos()) {
                closed = !trySend(out, 'X') || endOfStream(slow.getInputStream());
            }
            assertTrue(closed, "a trickling upgrade stayed open for " + WsClient.TIMEOUT);
            // The trickle outlived the timeout; the idle WebSocket opened before it did too.
            assertEquals("alice", established.request("whoami", null).getJsonObject("payload").getString("sub"));
            Await.until(WsClient.TIMEOUT, () -> server.app().server().pendingRequests() == 0, "pending upgrade forgotten");
        }
    }

    @Test
    void oneAddressHoldsAtMostTheConfiguredPendingUpgrades() throws Exception {
        int max = 4;
        try (TestServer server = TestServer.start(Map.of("wsjwt.server.max-pending-per-address", String.valueOf(max),
                "wsjwt.server.header-timeout", "600"))) {
            List<Socket> pending = new ArrayList<>();
            try {
                for (int i = 0; i < max; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    socket.getOutputStream().write(HEAD_START.getBytes(StandardCharsets.US_ASCII));
                    pending.add(socket);
                }
                Await.until(WsClient.TIMEOUT, () -> server.app().server().pendingRequests() == max,
                        () -> server.app().server().pendingRequests() + " pending");
                // Once those have waited past the stall threshold (a second), the next one is closed at once.
                Await.until(WsClient.TIMEOUT, () -> {
                    try (Socket oneMore = new Socket("127.0.0.1", server.port())) {
                        oneMore.setSoTimeout(300);
                        return endOfStream(oneMore.getInputStream());
                    } catch (IOException e) {
                        return true;
                    }
                }, "a connection past the limit was kept");
            } finally {
                for (Socket socket : pending) {
                    socket.close();
                }
            }
            Await.until(WsClient.TIMEOUT, () -> server.app().server().pendingRequests() == 0,
                    () -> server.app().server().pendingRequests() + " pending after the sockets closed");
            try (WsClient good = WsClient.bearer(server.ws(), token("bob").sign())) {
                assertEquals("bob", good.request("whoami", null).getJsonObject("payload").getString("sub"));
            }
        }
    }

    private static boolean trySend(OutputStream out, char c) {
        try {
            out.write(c);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once the server has closed (end of stream or reset); false when the read times out. */
    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
