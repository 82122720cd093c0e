package dev.wsjwt.demo;

import dev.wsjwt.chat.DemoApp;
import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.standalone.StandaloneApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Writes {@code docs/demo.png}: alice's page mid-chat, with a refusal, an expiry warning and an
 * in-band renewal in the log. Run from the project folder:
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.wsjwt.demo.DemoScreenshot [docs/demo.png]
 * </pre>
 */
public final class DemoScreenshot {

    private DemoScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/demo.png");
        Map<String, String> config = Map.of("wsjwt.host", "127.0.0.1", "wsjwt.port", "0");
        try (StandaloneApp app = DemoApp.start(ConfigLookup.of(config), Clock.systemUTC());
             Chromium aliceBrowser = Chromium.start();
             Chromium modBrowser = Chromium.start()) {
            String url = "http://127.0.0.1:" + app.port() + "/";
            DemoPage alice = new DemoPage(aliceBrowser.driver(), url).connected("alice", "10");
            DemoPage mod = new DemoPage(modBrowser.driver(), url).connected("mod", "300");
            alice.join("lobby");
            mod.join("lobby");
            alice.send("Hi everyone! This tab's token lives 10 seconds.");
            mod.awaitMessage("alice", "Hi everyone! This tab's token lives 10 seconds.");
            mod.send("Welcome, alice. Watch the event log: it renews itself in-band.");
            alice.awaitMessage("mod", "Welcome, alice. Watch the event log: it renews itself in-band.");
            alice.moderate("revoke", "bob");
            alice.awaitLog("refused", "session.revoke refused");
            alice.awaitLog("renewed", "re-authenticated in-band");
            alice.send("Still connected after the renewal.");
            alice.awaitMessage("alice", "Still connected after the renewal.");
            // Grow the window so the whole page, event log included, is in the picture.
            long chrome = (Long) aliceBrowser.driver().executeScript("return window.outerHeight - window.innerHeight");
            long page = (Long) aliceBrowser.driver().executeScript("return document.documentElement.scrollHeight");
            aliceBrowser.driver().manage().window().setSize(new Dimension(1280, (int) (page + chrome)));
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.write(output, aliceBrowser.driver().getScreenshotAs(OutputType.BYTES));
            System.out.println("wrote " + output);
        }
    }
}
