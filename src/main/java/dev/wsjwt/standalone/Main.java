package dev.wsjwt.standalone;

import dev.wsjwt.chat.ChatEndpoint;
import dev.wsjwt.config.ConfigurationException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar wsjwt-standalone.jar}: the standalone server, until interrupted. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        StandaloneApp app;
        try {
            app = StandaloneApp.start(StandaloneApp.defaultLookup(), Clock.systemUTC());
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
        System.out.println("wsjwt listening: " + base.replace("http", "ws") + ChatEndpoint.PATH
                + (app.devIdentityProvider().isPresent() ? "  demo: " + base + "/" : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "wsjwt-shutdown"));
        stopped.await();
    }
}
