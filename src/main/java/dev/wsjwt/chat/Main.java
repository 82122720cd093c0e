package dev.wsjwt.chat;

import dev.wsjwt.standalone.StandaloneApp;
import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.config.ConfigurationException;
import dev.wsjwt.config.Keys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/** {@code java -jar wsjwt-standalone.jar}: the standalone demo server, until interrupted. */
public final class Main {

    private Main() {
    }

    /**
     * The demo page offers every transport, tickets included. With the development identity
     * provider (nothing about keys configured) and no transports chosen, the demo turns the
     * {@code ticket} transport on; the library's default stays the contract's.
     */
    static ConfigLookup demoDefaults(ConfigLookup configured) {
        boolean development = Stream.of(Keys.PUBLIC_KEY_LOCATION, Keys.PUBLIC_KEY, Keys.ISSUER)
                .allMatch(key -> configured.get(key).isEmpty());
        if (!development || configured.get(Keys.TRANSPORTS).isPresent()) {
            return configured;
        }
        return ConfigLookup.layered(List.of(configured,
                ConfigLookup.of(Map.of(Keys.TRANSPORTS, "header,subprotocol,query,message,ticket"))));
    }

    public static void main(String[] args) throws Exception {
        StandaloneApp app;
        try {
            app = DemoApp.start(demoDefaults(StandaloneApp.defaultLookup()), Clock.systemUTC());
        } catch (ConfigurationException e) {
            System.err.println("wsjwt: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        String host = app.wsjwt().settings().server().host();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        app.devIdentityProvider().ifPresent(idp -> System.out.println(
                "*** DEVELOPMENT IDENTITY PROVIDER ACTIVE: anyone on this machine can mint tokens at " + base
                        + "/dev/token. For development only; configure mp.jwt.verify.publickey.location for real use. ***"));
        System.out.println("wsjwt listening: " + base.replace("http", "ws") + ChatService.PATH
                + (app.devIdentityProvider().isPresent() ? "  demo: " + base + "/" : ""));
        if (app.managementPort() >= 0) {
            String management = app.wsjwt().settings().server().management().host();
            System.out.println("management: http://" + (management.contains(":") ? "[" + management + "]" : management)
                    + ":" + app.managementPort() + "/metrics  /health/ready  /health/live");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "wsjwt-shutdown"));
        stopped.await();
    }
}
