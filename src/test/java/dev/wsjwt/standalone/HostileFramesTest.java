package dev.wsjwt.standalone;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames no honest client sends, over raw sockets on a tokenless connection (nothing is needed
 * to send them): refused at their header, before the runtime buffers them, with the RFC's close
 * codes and nothing in the log.
 */
class HostileFramesTest {

    private static final int LIMIT = 4096;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("wsjwt.message.max-size", String.valueOf(LIMIT), "wsjwt.auth.timeout", "600"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawUpgrade tokenless() throws IOException {
        return RawUpgrade.connect(server.port()).upgrade(server.port(), "/ws/chat", Map.of());
    }

    @Test
    void headerDeclaringTwoToTheSixtySecondBytesIsClosed1009AtOnce() throws Exception {
        try (RawUpgrade raw = tokenless()) {
            raw.send(RawUpgrade.frame(true, 1, true, 1L << 62, new byte[0]));
            assertEquals(1009, raw.readCloseCode());
            assertTrue(raw.awaitEndOfStream(), "the TCP connection stays open");
        }
        assertForgotten();
    }

    @Test
    void headerDeclaringOneByteOverTheLimitIsClosed1009BeforeItsPayload() throws Exception {
        try (RawUpgrade raw = tokenless()) {
            raw.send(RawUpgrade.frame(true, 2, true, LIMIT + 1, new byte[10]));
            assertEquals(1009, raw.readCloseCode());
        }
        assertForgotten();
    }

    @Test
    void fragmentsDeclaringMoreThanTheLimitTogetherAreClosed1009() throws Exception {
        byte[] part = "x".repeat(LIMIT / 2).getBytes(StandardCharsets.UTF_8);
        try (RawUpgrade raw = tokenless()) {
            raw.send(RawUpgrade.frame(false, 1, part));
            raw.send(RawUpgrade.frame(false, 0, part));
            raw.send(RawUpgrade.frame(false, 0, true, 1, new byte[0]));
            assertEquals(1009, raw.readCloseCode());
        }
        assertForgotten();
    }

    @Test
    void frameOverFourMegabytesIsClosed1009WithoutAServerErrorOrAStackTrace() throws Exception {
        try (LogCapture tyrus = LogCapture.of("org.glassfish");
             LogCapture wsjwt = LogCapture.of("dev.wsjwt");
             RawUpgrade raw = tokenless()) {
            int size = 5 * 1024 * 1024;
            try {
                raw.send(RawUpgrade.frame(true, 1, true, size, new byte[size]));
            } catch (IOException closedWhileWriting) {
                // the server refused the frame at its header and closed
            }
            assertEquals(1009, raw.readCloseCode());
            assertEquals(0, tyrus.warnings().size(), () -> "warnings: " + tyrus.warnings());
            assertEquals(0, wsjwt.warnings().size(), () -> "warnings: " + wsjwt.warnings());
        }
        assertForgotten();
    }

    @Test
    void unmaskedClientFrameIsClosed1002() throws Exception {
        byte[] message = "{\"type\":\"whoami\"}".getBytes(StandardCharsets.UTF_8);
        try (RawUpgrade raw = tokenless()) {
            raw.send(RawUpgrade.frame(true, 1, false, message.length, message));
            assertEquals(1002, raw.readCloseCode());
        }
        assertForgotten();
    }

    @Test
    void maskedFramesUnderTheLimitAreServed() throws Exception {
        try (WsClient client = WsClient.bearer(server.ws(), token("alice").sign())) {
            String pad = "y".repeat(LIMIT - 100);
            client.sendText("{\"type\":\"whoami\",\"id\":\"near\",\"payload\":{\"pad\":\"" + pad + "\"}}");
            assertEquals("near", client.next().getString("id"));
        }
    }

    private static void assertForgotten() {
        Await.until(WsClient.TIMEOUT, () -> server.app().wsjwt().sessionManager().registry().size() == 0,
                () -> server.app().wsjwt().sessionManager().registry().size() + " connection(s) still held");
    }
}
