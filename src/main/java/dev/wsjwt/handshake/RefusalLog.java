package dev.wsjwt.handshake;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Logs refusals (handshakes refused, connections closed for a bad token) so that a flood of them
 * cannot flood the log: at most one line per reason per interval, the next one saying how many
 * similar refusals were held back meanwhile. The reason is the key (the check that failed, never
 * the token, never the remote address); the detail (the address) is only in the line that is
 * written. Reasons beyond a bound share one key. Thread-safe.
 */
public final class RefusalLog {

    static final int MAX_REASONS = 256;
    private static final String OTHER = "(other reasons)";

    private final System.Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        private long loggedAt;
        private boolean logged;
        private long heldBack;
    }

    /** @param interval zero: every refusal is logged */
    public RefusalLog(System.Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    // visible for testing
    RefusalLog(System.Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Logs {@code "<what> <detail>: <reason>"} at INFO, unless this reason was logged within the interval. */
    public void refused(String what, String detail, String reason) {
        line(reason, () -> what + " " + detail + ": " + reason);
    }

    /**
     * Logs the text at INFO unless a line with this {@code key} was logged within the interval;
     * the next line of the key says how many were held back meanwhile. The text is built only
     * when the line is written.
     */
    public void line(String key, java.util.function.Supplier<String> text) {
        long held = admit(key);
        if (held < 0) {
            return;
        }
        log.log(Level.INFO, text.get() + (held > 0 ? " (+" + held + " similar in the last "
                + Duration.ofNanos(intervalNanos).toSeconds() + "s)" : ""));
    }

    /** The refusals held back since the reason's last line, or -1 when this one is held back too. */
    private long admit(String reason) {
        if (intervalNanos <= 0) {
            return 0;
        }
        String key = windows.size() < MAX_REASONS || windows.containsKey(reason) ? reason : OTHER;
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long now = nanoTime.getAsLong();
        synchronized (window) {
            if (window.logged && now - window.loggedAt < intervalNanos) {
                window.heldBack++;
                return -1;
            }
            long held = window.heldBack;
            window.logged = true;
            window.loggedAt = now;
            window.heldBack = 0;
            return held;
        }
    }
}
