package dev.wsjwt.demo;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page in one browser, as a user works it: by the page's stable element ids. */
final class DemoPage {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final WebDriver driver;

    DemoPage(WebDriver driver, String url) {
        this.driver = driver;
        driver.get(url);
        await("the page script to start", d -> "disconnected".equals(state()));
    }

    DemoPage transport(String transport) {
        new Select(driver.findElement(By.id("transport"))).selectByValue(transport);
        return this;
    }

    DemoPage connect(String identity, String ttlSeconds) {
        new Select(driver.findElement(By.id("identity"))).selectByValue(identity);
        type("ttl", ttlSeconds);
        driver.findElement(By.id("connect")).click();
        return this;
    }

    DemoPage connected(String identity, String ttlSeconds) {
        connect(identity, ttlSeconds);
        await("the connection as " + identity, d -> "connected".equals(state()));
        return this;
    }

    void join(String room) {
        type("room", room);
        driver.findElement(By.id("join")).click();
        awaitLog("info", "joined room #" + room);
    }

    void send(String text) {
        type("text", text);
        driver.findElement(By.id("send")).click();
    }

    void moderate(String button, String subject) {
        type("subject", subject);
        driver.findElement(By.id(button)).click();
    }

    /** Waits for a chat message shown from that sender with that text. */
    void awaitMessage(String from, String text) {
        await("message '" + text + "' from " + from, d -> d.findElements(By.cssSelector("#messages li")).stream()
                .anyMatch(li -> from.equals(li.getDomAttribute("data-from"))
                        && text.equals(li.findElement(By.className("text")).getText())));
    }

    /** Waits for an event-log entry of that kind whose text contains the fragment; returns its text. */
    String awaitLog(String kind, String fragment) {
        return await("a '" + kind + "' log entry containing '" + fragment + "'", d -> log(kind).stream()
                .filter(text -> text.contains(fragment)).findFirst().orElse(null));
    }

    List<String> log(String kind) {
        return driver.findElements(By.cssSelector("#log li[data-kind='" + kind + "']")).stream()
                .map(WebElement::getText).toList();
    }

    String state() {
        return driver.findElement(By.id("status")).getDomAttribute("data-state");
    }

    String status() {
        return driver.findElement(By.id("status")).getText();
    }

    long tokenExpiry() {
        return Long.parseLong(driver.findElement(By.id("status")).getDomAttribute("data-exp"));
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .withMessage(() -> "waiting for " + what + "; status: '" + status() + "'; log:\n" + wholeLog())
                .until(condition);
    }

    private String wholeLog() {
        return driver.findElements(By.cssSelector("#log li")).stream()
                .map(li -> "  " + li.getText()).collect(Collectors.joining("\n"));
    }

    private void type(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }
}
