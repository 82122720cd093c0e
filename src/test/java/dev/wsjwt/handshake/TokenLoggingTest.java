package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.Verifiers;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No log record, at any level, from wsjwt, Tyrus, Grizzly or jose4j, ever carries a token. */
class TokenLoggingTest {

    private final ConcurrentLinkedQueue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final List<String> tokens = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level originalLevel;

    @BeforeEach
    void capture() {
        originalLevel = root.getLevel();
        capture.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void release() {
        root.removeHandler(capture);
        root.setLevel(originalLevel);
    }

    @Test
    void noLogRecordContainsAnyTokenAcrossAllTransports() {
        try (TestServer server = TestServer.start()) {
            URI ws = server.ws();
            accept(WsClient.bearer(ws, tracked(token("h-ok").sign())));
            refuse(ws, Map.of("Authorization", "Bearer " + tracked(expired("h-expired"))));
            refuse(ws, Map.of("Authorization", "Bearer " + tracked(token("h-key").signedWith(TestKeys.RSA_OTHER, "RS256").sign())));
            accept(WsClient.connect(ws, Map.of(), "wsjwt", "bearer." + tracked(token("s-ok").sign())));
            refuse(ws, Map.of(), "wsjwt", "bearer." + tracked(token("s-aud").claim("aud", "other").sign()));
            accept(WsClient.connect(URI.create(ws + "?access_token=" + tracked(token("q-ok").sign())), Map.of()));
            refuse(URI.create(ws + "?access_token=" + tracked(expired("q-expired"))), Map.of());
            refuse(URI.create(ws + "?x=1&access_token=" + tracked(token("q-iss").claim("iss", "https://evil.test/").sign())), Map.of());
            refuse(URI.create(ws + "?access_token=" + tracked(token("q-two").sign())),
                    Map.of("Authorization", "Bearer " + tracked(token("h-two").sign())));
            try (WsClient message = WsClient.connect(ws, Map.of())) {
                message.request("auth", Json.createObjectBuilder().add("token", tracked(token("m-ok").sign())).build());
                assertEquals("m-ok", message.request("whoami", null).getJsonObject("payload").getString("sub"));
            }
            try (WsClient message = WsClient.connect(ws, Map.of())) {
                message.send("auth", "1", Json.createObjectBuilder().add("token", tracked(expired("m-expired"))).build());
                assertEquals(4401, message.awaitClose().code());
            }
        }
        Map<String, String> cookie = Map.of("wsjwt.token.transports", "cookie", "wsjwt.origins", "https://app.test");
        try (TestServer server = TestServer.start(cookie)) {
            accept(WsClient.connect(server.ws(), Map.of("Cookie", "Bearer=" + tracked(token("c-ok").sign()))));
            refuse(server.ws(), Map.of("Cookie", "Bearer=" + tracked(expired("c-expired"))));
        }
        // Our own lines (System.Logger) must reach the capture too, or this test proves nothing.
        assertTrue(records.stream().anyMatch(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("dev.wsjwt.")),
                "the capture saw wsjwt's own log lines");
        for (LogRecord record : records) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("jdk.internal.httpclient")) {
                continue; // the test's own client (the JDK's), not the server
            }
            String text = describe(record);
            for (String token : tokens) {
                Verifiers.assertNoTokenText(text, token);
            }
        }
    }

    private String tracked(String token) {
        tokens.add(token);
        return token;
    }

    private static String expired(String subject) {
        return token(subject).issuedSecondsAgo(900).expiresIn(-600).sign();
    }

    private static void accept(WsClient client) {
        try (client) {
            assertEquals("result", client.request("whoami", null).getString("type"));
        }
    }

    private static void refuse(URI uri, Map<String, String> headers, String... subprotocols) {
        assertEquals(401, WsClient.refused(uri, headers, subprotocols).status());
    }

    /** Everything a handler could write: the formatted message, the raw one, each parameter, the stack trace. */
    private static String describe(LogRecord record) {
        StringBuilder text = new StringBuilder(record.getLoggerName() + " " + record.getMessage() + " | ");
        text.append(new SimpleFormatter().formatMessage(record));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(" | ").append(parameter);
            }
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(" | ").append(trace);
        }
        return text.toString();
    }
}
