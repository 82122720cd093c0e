package dev.wsjwt.demo;

import dev.wsjwt.chat.DemoApp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.standalone.StandaloneApp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** wsjwt-client.js on its own, in headless Chromium, where the page cannot steer it. */
class WsjwtClientTest {

    /**
     * Tokens are good until the client is open; every later one is refused. The renewal's bad
     * token closes the session 4401, the one reconnect is refused, and the client reports it and
     * stops. (The first warning of a 2-second token may overtake the first whoami's result; that
     * renewal then still gets a good token.)
     */
    private static final String RECONNECT_ONCE = """
            const done = arguments[arguments.length - 1];
            import('/wsjwt-client.js').then(({ connect }) => {
              let opened = false;
              let tokensAfterOpen = 0;
              const events = [];
              const getToken = async () => {
                if (opened) {
                  tokensAfterOpen++;
                  return 'not.a.token';
                }
                const reply = await fetch('/dev/token?sub=alice&permissions=chat:read&ttl=2');
                return (await reply.json()).access_token;
              };
              const client = connect({ url: `ws://${location.host}/ws/chat`, getToken });
              client.on('open', () => { opened = true; });
              client.on('close', ({ code, reconnecting }) => events.push(`close ${code} ${reconnecting}`));
              client.on('error', (e) => {
                events.push(`error ${e.code}`);
                if (e.code === 'reconnect_failed') done({ tokensAfterOpen, state: client.state, events });
              });
            }, (e) => done({ failed: String(e) }));
            """;

    @Test
    void reconnectsOnceAfter4401AndThenReportsInsteadOfLooping() throws Exception {
        Map<String, String> config = Map.of("wsjwt.host", "127.0.0.1", "wsjwt.port", "0");
        try (StandaloneApp app = DemoApp.start(ConfigLookup.of(config), Clock.systemUTC());
             Chromium chromium = Chromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + app.port() + "/");
            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(20));

            @SuppressWarnings("unchecked")
            Map<String, Object> outcome = (Map<String, Object>) chromium.driver().executeAsyncScript(RECONNECT_ONCE);

            assertEquals(2L, outcome.get("tokensAfterOpen"), "one renewal, one reconnect: " + outcome);
            assertEquals("closed", outcome.get("state"), outcome.toString());
            assertEquals(List.of("close 4401 true", "error closed", "close 1006 false", "error reconnect_failed"),
                    outcome.get("events"), outcome.toString());
        }
    }
}
