package dev.wsjwt.session;

/**
 * A token bucket: {@code ratePerSecond} refill, {@code burst} capacity. Counts consecutive
 * refusals so that persistent abuse can be told from a short burst. One per connection; its
 * methods are synchronized because a runtime may deliver messages from more than one thread.
 */
public final class RateLimiter {

    private final double ratePerNano;
    private final int burst;
    private final int maxViolations;
    private double tokens;
    private long last;
    private int violations;

    public RateLimiter(int ratePerSecond, int burst, int maxViolations, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.maxViolations = maxViolations;
        this.tokens = burst;
        this.last = nowNanos;
    }

    public enum Verdict { ALLOW, REFUSE, ABUSE }

    public synchronized Verdict acquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            violations = 0;
            return Verdict.ALLOW;
        }
        violations++;
        return violations >= maxViolations ? Verdict.ABUSE : Verdict.REFUSE;
    }
}
