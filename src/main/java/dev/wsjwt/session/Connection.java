package dev.wsjwt.session;

import dev.wsjwt.WebSocketConnection;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * One open WebSocket and who is on it. The principal is replaced atomically on
 * re-authentication; services read it per message, so a permission change applies to the very
 * next message. Timers belong to the connection and die with it.
 */
public final class Connection implements WebSocketConnection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final Session session;
    private final Outbox outbox;
    private final RateLimiter rateLimiter;
    private final PushFrames frames;
    private final AtomicReference<JwtPrincipal> principal = new AtomicReference<>();
    // The one pending lifetime timer (first-message deadline, expiry warning or expiry close):
    // one at a time, the warning schedules the close when it fires (SessionManager).
    private ScheduledFuture<?> timer; // guarded by this
    private final AtomicBoolean closed = new AtomicBoolean();

    Connection(Session session, RateLimiter rateLimiter, PushFrames frames) {
        this.session = session;
        this.rateLimiter = rateLimiter;
        this.frames = frames;
        this.outbox = new Outbox(session, () -> close(CloseCodes.POLICY_VIOLATION, "send queue overflow: reader too slow"));
    }

    @Override
    public String id() {
        return session.getId();
    }

    public Optional<JwtPrincipal> principal() {
        return Optional.ofNullable(principal.get());
    }

    @Override
    public Optional<JsonWebToken> caller() {
        return Optional.ofNullable(principal.get());
    }

    @Override
    public boolean hasPermission(String permission) {
        JwtPrincipal current = principal.get();
        return current != null && current.hasPermission(permission);
    }

    @Override
    public boolean send(String type, Object payload) {
        return !closed.get() && outbox.offer(frames.push(type, payload));
    }

    /** The underlying runtime session. */
    public Session session() {
        return session;
    }

    public boolean isAuthenticated() {
        return principal.get() != null;
    }

    /** The subject, or empty while awaiting first-message authentication. */
    @Override
    public Optional<String> subject() {
        return principal().map(JwtPrincipal::getSubject);
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Queues a complete text frame; false if the connection is gone. Never blocks. */
    public boolean sendFrame(String text) {
        return !closed.get() && outbox.offer(text);
    }

    /** Closes with a contract close code; idempotent. */
    public void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancelTimers();
        try {
            session.close(CloseCodes.reason(code, reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing {0} failed: {1}", id(), e.toString());
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && session.isOpen();
    }

    void setPrincipal(JwtPrincipal next) {
        principal.set(next);
    }

    /** Makes {@code next} this connection's timer, cancelling the previous one (and {@code next} once closed). */
    void replaceTimer(ScheduledFuture<?> next) {
        ScheduledFuture<?> previous;
        synchronized (this) {
            previous = timer;
            timer = closed.get() ? null : next;
        }
        cancel(previous);
        if (closed.get()) {
            cancelTimers();
            next.cancel(false);
        }
    }

    /**
     * From a firing timer: schedules the next one, unless the connection closed or its principal
     * is no longer {@code expected} (re-authenticated: the new principal's timer stays). Every
     * re-authentication sets the principal before it replaces the timer, so one of the two wins.
     */
    void followTimer(JwtPrincipal expected, Supplier<ScheduledFuture<?>> next) {
        ScheduledFuture<?> previous;
        synchronized (this) {
            if (closed.get() || principal.get() != expected) {
                return;
            }
            previous = timer;
            timer = next.get();
        }
        cancel(previous);
    }

    void cancelTimers() {
        ScheduledFuture<?> previous;
        synchronized (this) {
            previous = timer;
            timer = null;
        }
        cancel(previous);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    void markClosed() {
        closed.set(true);
        cancelTimers();
    }

    @Override
    public String toString() {
        return "Connection[" + id() + ", " + subject().orElse("unauthenticated") + "]";
    }
}
