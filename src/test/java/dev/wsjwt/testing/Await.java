package dev.wsjwt.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition instead of sleeping for a guessed time: polls until it holds, or fails
 * the test with a message once the deadline passes. The only place tests may sleep.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; an AssertionError after {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, String message) {
        until(timeout, condition, () -> message);
    }

    /** As {@link #until(Duration, BooleanSupplier, String)}, the message built when it fails (e.g. with current values). */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + message.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while awaiting: " + message.get(), e);
            }
        }
    }
}
