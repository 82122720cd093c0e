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
    private final AtomicReference<ScheduledFuture<?>[]> timers = new AtomicReference<>(new ScheduledFuture<?>[0]);
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

    void replaceTimers(ScheduledFuture<?>... next) {
        ScheduledFuture<?>[] previous = timers.getAndSet(next);
        for (ScheduledFuture<?> timer : previous) {
            timer.cancel(false);
        }
        if (closed.get()) {
            cancelTimers();
        }
    }

    void cancelTimers() {
        for (ScheduledFuture<?> timer : timers.getAndSet(new ScheduledFuture<?>[0])) {
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
