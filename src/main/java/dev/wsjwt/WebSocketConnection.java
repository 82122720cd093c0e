package dev.wsjwt;

import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * One open wsjwt connection, as a service sees it: a handler parameter of this type is the
 * connection the message came on. Safe to keep (e.g. in a set of listeners) and to use from any
 * thread; once closed, {@link #send} returns false.
 */
public interface WebSocketConnection {

    /** The runtime's session id. */
    String id();

    /**
     * The caller's current principal: replaced on in-band re-authentication, so read it when you
     * need it rather than keeping it. Empty until a {@code message}-transport connection
     * authenticates.
     */
    Optional<JsonWebToken> caller();

    /** The caller's {@code sub}, or empty while not yet authenticated. */
    default Optional<String> subject() {
        return caller().map(JsonWebToken::getSubject);
    }

    /** Whether the current principal holds {@code permission} (from the configured permission claims). */
    boolean hasPermission(String permission);

    /**
     * Queues the push {@code {"type":type,"payload":payload}} ({@code payload} through JSON-B, or
     * a JSON-P value as it is). Never blocks; false when the connection is closed.
     */
    boolean send(String type, Object payload);

    boolean isOpen();
}
