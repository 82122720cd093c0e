package dev.wsjwt.demo;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One headless Chromium from the system's packages (Debian {@code chromium} and
 * {@code chromium-driver}), driven through the system's ChromeDriver, with a fresh profile that
 * is deleted on close. Selenium Manager is never consulted: both paths are given, so nothing is
 * looked up or downloaded. A missing browser fails the test, because CI installs it.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("wsjwt.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("wsjwt.chromedriver", "/usr/bin/chromedriver"));

    // Selenium warns at every start that it has no CDP bindings for this Chromium version; the
    // tests use WebDriver only. Held here so the logger (and its level) is not collected.
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    static Chromium start() {
        requireInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("wsjwt-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        try {
            return new Chromium(profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException | Error e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * The page's console errors so far, less the browser's own reports of failed requests (an
     * HTTP 400 the page shows, a refused WebSocket handshake): what is left is a script error.
     */
    List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource")
                        && !message.contains("WebSocket connection to"))
                .toList();
    }

    /**
     * Every URL the page has requested or opened a WebSocket to since the last call (from the
     * DevTools network events: Network.requestWillBeSent, Network.webSocketCreated).
     */
    List<String> urlsOpened() {
        List<String> urls = new java.util.ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.StringReader(entry.getMessage()))) {
                jakarta.json.JsonObject message = reader.readObject().getJsonObject("message");
                jakarta.json.JsonObject params = message.getJsonObject("params");
                switch (message.getString("method", "")) {
                    case "Network.webSocketCreated" -> urls.add(params.getString("url"));
                    case "Network.requestWillBeSent" -> urls.add(params.getJsonObject("request").getString("url"));
                    default -> { }
                }
            }
        }
        return urls;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void requireInstalled() {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            fail("The browser tests need Chromium and ChromeDriver at " + BINARY + " and " + DRIVER
                    + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them). "
                    + "Other paths: -Dwsjwt.chromium=... -Dwsjwt.chromedriver=...");
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A profile left in the temp folder is harmless; the browser is already gone.
        }
    }
}
