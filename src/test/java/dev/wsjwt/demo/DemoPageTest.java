package dev.wsjwt.demo;

import dev.wsjwt.chat.DemoApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.standalone.StandaloneApp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo page and wsjwt-client.js in real headless Chromium, against the standalone server with
 * its development identity provider on an ephemeral port. Every test has its own server and its
 * own browsers, one per user.
 */
class DemoPageTest {

    private final List<AutoCloseable> started = new ArrayList<>();
    private String url;

    @AfterEach
    void stopEverything() throws Exception {
        List<String> scriptErrors = new ArrayList<>();
        for (AutoCloseable resource : started) {
            if (resource instanceof Chromium chromium) {
                try {
                    scriptErrors.addAll(chromium.scriptErrors());
                } catch (RuntimeException e) {
                    scriptErrors.add("cannot read the console: " + e);
                }
            }
        }
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        assertEquals(List.of(), scriptErrors, "script errors in the page's console");
    }

    @Test
    void aliceSendsAndBobReceives() throws Exception {
        startServer(Map.of());
        DemoPage alice = browser().connected("alice", "300");
        DemoPage bob = browser().connected("bob", "300");
        alice.join("lobby");
        bob.join("lobby");

        alice.send("hello bob");

        bob.awaitMessage("alice", "hello bob");
        alice.awaitMessage("alice", "hello bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subprotocol", "query", "message"})
    void everyTransportConnectsAndChats(String transport) throws Exception {
        startServer(Map.of());
        DemoPage alice = browser().transport(transport).connected("alice", "300");
        alice.join("lobby");

        alice.send("over " + transport);

        alice.awaitMessage("alice", "over " + transport);
    }

    @Test
    void connectsWithATicketAndTheTokenIsInNoUrl() throws Exception {
        startServer(Map.of("wsjwt.token.transports", "header,subprotocol,query,message,ticket"));
        Chromium chromium = Chromium.start();
        started.add(chromium);
        DemoPage alice = new DemoPage(chromium.driver(), url).transport("ticket").connected("alice", "300");
        alice.join("lobby");

        alice.send("over a ticket");

        alice.awaitMessage("alice", "over a ticket");
        List<String> urls = chromium.urlsOpened();
        assertTrue(urls.stream().anyMatch(u -> u.startsWith("ws://") && u.contains("/ws/chat?ticket=")), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/wsjwt/ticket")), urls.toString());
        for (String opened : urls) {
            // A JWT's header segment always starts with eyJ ({"): no opened URL may carry one.
            assertTrue(!opened.contains("eyJ") && !opened.contains("access_token"), "a token in a URL: " + opened);
        }
    }

    @Test
    void bobsSendIsShownAsRefused() throws Exception {
        startServer(Map.of());
        DemoPage bob = browser().connected("bob", "300");
        bob.join("lobby");

        bob.send("may I?");

        String refusal = bob.awaitLog("refused", "chat.send refused");
        assertTrue(refusal.contains("forbidden: missing permission 'chat:write'"), refusal);
        assertEquals("connected", bob.state(), "a refused message leaves the session open");
    }

    @Test
    void fiveSecondTokenIsRenewedInBandWithoutDisconnect() throws Exception {
        // No clock-skew leeway: without the renewal the server would close the session at exp.
        startServer(Map.of("mp.jwt.verify.clock.skew", "0"));
        DemoPage alice = browser().connected("alice", "5");
        alice.join("lobby");
        long firstExpiry = alice.tokenExpiry();

        alice.awaitLog("expiring", "renewing in-band");
        alice.awaitLog("renewed", "re-authenticated in-band without reconnecting");
        alice.await("the first token's expiry to pass", d -> Instant.now().getEpochSecond() > firstExpiry);
        alice.send("still here");

        alice.awaitMessage("alice", "still here");
        assertTrue(alice.tokenExpiry() > firstExpiry, "the page shows the renewed expiry");
        assertEquals(List.of(), alice.log("close"), "no disconnect");
        assertEquals(List.of(), alice.log("error"), "no error");
    }

    @Test
    void revokedUserSeesTheClose() throws Exception {
        startServer(Map.of());
        DemoPage bob = browser().connected("bob", "300");
        DemoPage mod = browser().connected("mod", "300");

        mod.moderate("revoke", "bob");

        mod.awaitLog("info", "revoked bob: 1 session(s) closed");
        String close = bob.awaitLog("close", "closed 4401");
        assertTrue(close.contains("session revoked"), close);
        // The client then reconnects once with a fresh token, issued after the revocation.
        bob.awaitLog("open", "authenticated as bob");
    }

    @Test
    void kickedUserSeesForbiddenCloseAndStaysClosed() throws Exception {
        startServer(Map.of());
        DemoPage bob = browser().connected("bob", "300");
        DemoPage mod = browser().connected("mod", "300");

        mod.moderate("kick", "bob");

        String close = bob.awaitLog("close", "closed 4403");
        assertTrue(close.contains("kicked by a moderator"), close);
        bob.await("the page to show the close", d -> "closed".equals(bob.state()));
        assertTrue(bob.status().contains("4403"), bob.status());
    }

    @Test
    void tokenRequestRefusedByTheServerIsShown() throws Exception {
        startServer(Map.of());
        DemoPage alice = browser();

        alice.connect("alice", "100000");

        String shown = alice.awaitLog("http", "GET /dev/token answered 400");
        assertTrue(shown.contains("ttl must be between 1 and 86400 seconds"), shown);
        alice.await("the error in the status line", d -> "error".equals(alice.state()));
        assertTrue(alice.status().contains("ttl must be between 1 and 86400 seconds"), alice.status());
    }

    private void startServer(Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>(Map.of("wsjwt.host", "127.0.0.1", "wsjwt.port", "0"));
        config.putAll(extra);
        StandaloneApp app = DemoApp.start(ConfigLookup.of(config), Clock.systemUTC());
        started.add(app);
        url = "http://127.0.0.1:" + app.port() + "/";
    }

    private DemoPage browser() {
        Chromium chromium = Chromium.start();
        started.add(chromium);
        return new DemoPage(chromium.driver(), url);
    }
}
