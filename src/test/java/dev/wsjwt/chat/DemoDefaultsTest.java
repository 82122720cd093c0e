package dev.wsjwt.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.Keys;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The standalone demo turns the ticket transport on only for itself: nothing configured about keys or transports. */
class DemoDefaultsTest {

    @Test
    void theDevelopmentDemoOffersTickets() {
        assertEquals(Optional.of("header,subprotocol,query,message,ticket"),
                Main.demoDefaults(ConfigLookup.of(Map.of())).get(Keys.TRANSPORTS));
    }

    @Test
    void chosenTransportsAreKept() {
        assertEquals(Optional.of("header"),
                Main.demoDefaults(ConfigLookup.of(Map.of(Keys.TRANSPORTS, "header"))).get(Keys.TRANSPORTS));
    }

    @Test
    void aConfiguredIdentityProviderKeepsTheLibraryDefault() {
        assertEquals(Optional.empty(),
                Main.demoDefaults(ConfigLookup.of(Map.of(Keys.ISSUER, "https://idp.example"))).get(Keys.TRANSPORTS));
    }
}
