package dev.wsjwt.chat;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.standalone.StandaloneApp;
import java.time.Clock;

/** The standalone demo: the chat at {@value ChatService#PATH}, registered by hand as a standalone user does. */
public final class DemoApp {

    private DemoApp() {
    }

    public static StandaloneApp start(ConfigLookup lookup, Clock clock) throws Exception {
        return StandaloneApp.start(lookup, clock,
                endpoints -> endpoints.messages(ChatService.PATH, new ChatService(endpoints.sessions(), clock)));
    }
}
