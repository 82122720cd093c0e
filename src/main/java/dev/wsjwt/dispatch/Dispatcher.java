package dev.wsjwt.dispatch;

import dev.wsjwt.ops.MessageOutcome;
import dev.wsjwt.ops.Observer;
import dev.wsjwt.session.CloseCodes;
import dev.wsjwt.session.Connection;
import dev.wsjwt.session.RateLimiter;
import dev.wsjwt.session.SessionManager;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.bind.Jsonb;
import jakarta.json.spi.JsonProvider;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes each message of a connection: size in bytes, one rate limit for text and binary, envelope, authentication state, the
 * handler's declared permission against the caller's current principal, the handler, the reply.
 * A refused or malformed message gets an error reply and the session stays open; only the
 * contract's close conditions close it. Thread-safe; built once.
 */
public final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    static final String AUTH = "auth";
    /** The {@code type} of every message whose type has no handler: a client never makes a new series. */
    static final String OTHER = "other";

    private final Map<String, HandlerMethod> handlers;
    private final SessionManager sessions;
    private final JsonProvider json;
    private final Replies replies;
    private final Clock clock;
    private final HandlerScope scope;
    private final Observer observer;

    public Dispatcher(List<Object> services, SessionManager sessions, JsonProvider json, Jsonb jsonb, Replies replies,
                      Clock clock) {
        this(services, sessions, json, jsonb, replies, clock, HandlerScope.NONE, Observer.NONE);
    }

    /** @param observer told of every message's outcome, by registered type ({@code other} for any other) */
    public Dispatcher(List<Object> services, SessionManager sessions, JsonProvider json, Jsonb jsonb, Replies replies,
                      Clock clock, HandlerScope scope, Observer observer) {
        this.scope = scope;
        this.observer = observer;
        this.sessions = sessions;
        this.json = json;
        this.replies = replies;
        this.clock = clock;
        Map<String, HandlerMethod> byType = new HashMap<>();
        for (Object service : services) {
            List<HandlerMethod> scanned = service instanceof ServiceInstance bean
                    ? HandlerMethod.scan(bean.instance(), bean.declaredBy(), jsonb)
                    : HandlerMethod.scan(service, jsonb);
            for (HandlerMethod handler : scanned) {
                if (handler.type().equals(AUTH)) {
                    throw new IllegalStateException(handler.where() + ": 'auth' is built in and cannot be handled by a service");
                }
                HandlerMethod previous = byType.putIfAbsent(handler.type(), handler);
                if (previous != null) {
                    throw new IllegalStateException("two handlers for '" + handler.type() + "': " + previous.where()
                            + " and " + handler.where());
                }
            }
        }
        this.handlers = Map.copyOf(byType);
    }

    public Replies replies() {
        return replies;
    }

    /** Every message on the delivering thread: for runtimes that deliver on pool threads, and tests. */
    public void onText(Connection connection, String text) {
        onText(connection, text, MessageLane.inline());
    }

    /**
     * The size, the rate and the envelope are checked on the delivering thread (cheap, and a
     * flood is refused before it queues); the rest runs on the connection's lane, on the pool
     * when the handler may block ({@code auth} may fetch keys).
     */
    void onText(Connection connection, String text, MessageLane lane) {
        if (Utf8.exceeds(text, sessions.settings().maxMessageBytes())) {
            connection.close(CloseCodes.TOO_BIG, "message larger than " + sessions.settings().maxMessageBytes() + " bytes");
            return;
        }
        RateLimiter.Verdict verdict = connection.rateLimiter().acquire(System.nanoTime());
        if (verdict == RateLimiter.Verdict.ABUSE) {
            connection.close(CloseCodes.RATE_LIMITED, "message rate limit exceeded persistently");
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(json, text);
        } catch (MalformedMessageException e) {
            observer.message(OTHER, MessageOutcome.BAD_REQUEST, -1);
            lane.run(() -> malformed(connection, e), false);
            return;
        }
        HandlerMethod handler = handlers.get(envelope.type());
        boolean mayBlock = envelope.type().equals(AUTH) || (handler != null && handler.mayBlock());
        lane.run(() -> handle(connection, envelope, handler, verdict), mayBlock);
    }

    /**
     * A binary message: rate-limited like text, then refused (wsjwt speaks JSON text); on a
     * connection that has not authenticated it is a first message other than {@code auth}.
     */
    void onBinary(Connection connection, MessageLane lane) {
        RateLimiter.Verdict verdict = connection.rateLimiter().acquire(System.nanoTime());
        if (verdict == RateLimiter.Verdict.ABUSE) {
            connection.close(CloseCodes.RATE_LIMITED, "message rate limit exceeded persistently");
            return;
        }
        lane.run(() -> {
            if (!connection.isAuthenticated()) {
                connection.close(CloseCodes.UNAUTHORIZED, "the first message must be auth");
            } else if (verdict == RateLimiter.Verdict.REFUSE) {
                observer.message(OTHER, MessageOutcome.RATE_LIMITED, -1);
                connection.sendFrame(replies.error(Optional.empty(), ErrorCode.RATE_LIMITED, "too many messages; slow down"));
            } else {
                observer.message(OTHER, MessageOutcome.BAD_REQUEST, -1);
                connection.sendFrame(replies.error(Optional.empty(), ErrorCode.BAD_REQUEST,
                        "binary frames are not supported; send JSON text"));
            }
        }, false);
    }

    private void malformed(Connection connection, MalformedMessageException e) {
        if (!connection.isAuthenticated()) {
            connection.close(CloseCodes.UNAUTHORIZED, "the first message must be auth");
        } else {
            connection.sendFrame(replies.error(e.id(), ErrorCode.BAD_REQUEST, e.getMessage()));
        }
    }

    /** @param handler the envelope type's handler, looked up once in {@link #onText}; null if none */
    private void handle(Connection connection, Envelope envelope, HandlerMethod handler, RateLimiter.Verdict verdict) {
        if (verdict == RateLimiter.Verdict.REFUSE) {
            observer.message(typeOf(envelope, handler), MessageOutcome.RATE_LIMITED, -1);
            connection.sendFrame(replies.error(envelope.id(), ErrorCode.RATE_LIMITED, "too many messages; slow down"));
            return;
        }
        if (envelope.type().equals(AUTH)) {
            authenticate(connection, envelope);
            return;
        }
        Optional<JwtPrincipal> principal = connection.principal();
        if (principal.isEmpty()) {
            connection.close(CloseCodes.UNAUTHORIZED, "the first message must be auth");
            return;
        }
        if (expired(principal.get())) {
            // The expiry timer may lag under load: never serve past exp + skew.
            connection.close(CloseCodes.UNAUTHORIZED, "token expired");
            return;
        }
        dispatch(connection, principal.get(), envelope, handler);
    }

    private void dispatch(Connection connection, JwtPrincipal principal, Envelope envelope, HandlerMethod handler) {
        if (handler == null) {
            observer.message(OTHER, MessageOutcome.BAD_REQUEST, -1);
            connection.sendFrame(replies.error(envelope.id(), ErrorCode.UNKNOWN_TYPE, "unknown message type"));
            return;
        }
        Optional<String> refusal = handler.access().refusal(principal);
        if (refusal.isPresent()) {
            observer.message(handler.type(), MessageOutcome.FORBIDDEN, -1);
            connection.sendFrame(replies.error(envelope.id(), ErrorCode.FORBIDDEN, refusal.get()));
            return;
        }
        long started = System.nanoTime();
        try {
            // No lambda per message where nothing surrounds the handler (standalone).
            Object result = scope == HandlerScope.NONE
                    ? handler.invoke(connection, principal, envelope.payload())
                    : scope.call(() -> handler.invoke(connection, principal, envelope.payload()));
            observer.message(handler.type(), MessageOutcome.OK, System.nanoTime() - started);
            connection.sendFrame(replies.result(envelope.id(), result));
        } catch (MessageException e) {
            observer.message(handler.type(), outcomeOf(e.code()), System.nanoTime() - started);
            connection.sendFrame(replies.error(envelope.id(), e.code(), e.getMessage()));
        } catch (Exception e) {
            observer.message(handler.type(), MessageOutcome.INTERNAL, System.nanoTime() - started);
            // Names the method, which the server declared, never text from the message. This
            // overload does no MessageFormat, so no doubled quotes either.
            LOG.log(Level.WARNING, "handler " + handler.where() + " failed on " + connection.id(), e);
            connection.sendFrame(replies.error(envelope.id(), ErrorCode.INTERNAL, "internal error"));
        }
    }

    private void authenticate(Connection connection, Envelope envelope) {
        JsonObject payload = envelope.payload();
        if (!(payload.get("token") instanceof JsonString token) || token.getString().isEmpty()) {
            observer.message(AUTH, MessageOutcome.BAD_REQUEST, -1);
            if (!connection.isAuthenticated()) {
                connection.close(CloseCodes.UNAUTHORIZED, "auth needs payload.token");
            } else {
                connection.sendFrame(replies.error(envelope.id(), ErrorCode.BAD_REQUEST, "auth needs payload.token"));
            }
            return;
        }
        SessionManager.AuthResult result = sessions.authenticate(connection, token.getString());
        observer.message(AUTH, result instanceof SessionManager.AuthResult.Authenticated
                ? MessageOutcome.OK : MessageOutcome.FORBIDDEN, -1);
        if (result instanceof SessionManager.AuthResult.Authenticated ok) {
            connection.sendFrame(replies.result(envelope.id(),
                    json.createObjectBuilder().add("exp", ok.principal().expiresAt().getEpochSecond()).build()));
        }
    }

    /** The {@code type} attribute: a registered type or {@code auth}, else {@code other}. */
    private static String typeOf(Envelope envelope, HandlerMethod handler) {
        return handler != null ? handler.type() : envelope.type().equals(AUTH) ? AUTH : OTHER;
    }

    private static MessageOutcome outcomeOf(ErrorCode code) {
        return switch (code) {
            case FORBIDDEN -> MessageOutcome.FORBIDDEN;
            case RATE_LIMITED -> MessageOutcome.RATE_LIMITED;
            case INTERNAL -> MessageOutcome.INTERNAL;
            default -> MessageOutcome.BAD_REQUEST;
        };
    }

    private boolean expired(JwtPrincipal principal) {
        long limitSeconds = principal.expiresAtEpochSecond() + sessions.settings().clockSkew().toSeconds();
        return clock.millis() > limitSeconds * 1000;
    }
}
