package dev.wsjwt.chat;

import dev.wsjwt.standalone.StandaloneApp;
import dev.wsjwt.config.ConfigurationException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar wsjwt-standalone.jar}: the standalone demo server, until interrupted. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        StandaloneApp app;
        try {
            app = DemoApp.start(StandaloneApp.defaultLookup(), Clock.systemUTC());
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "wsjwt-shutdown"));
        stopped.await();
    }
}
