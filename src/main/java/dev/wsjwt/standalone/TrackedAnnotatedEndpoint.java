package dev.wsjwt.standalone;

import dev.wsjwt.session.SessionManager;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * A user's annotated endpoint on the standalone server: Tyrus's own adapter of the annotated
 * class, with wsjwt seeing every session open (registered before the user's {@code @OnOpen},
 * so that it ends with its token) and close. Standalone has no CDI to intercept the instance
 * with, and this server is Tyrus's anyway. One instance for all connections: the adapter keeps
 * the user's instance per session. Public because Tyrus calls it reflectively; not API.
 */
public final class TrackedAnnotatedEndpoint extends Endpoint {

    private final Endpoint annotated;
    private final SessionManager sessions;

    TrackedAnnotatedEndpoint(Endpoint annotated, SessionManager sessions) {
        this.annotated = annotated;
        this.sessions = sessions;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (sessions.openAnnotated(session).isPresent()) {
            annotated.onOpen(session, config);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        try {
            annotated.onClose(session, reason);
        } finally {
            sessions.closedAnnotated(session, reason);
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        annotated.onError(session, failure);
    }
}
