package dev.wsjwt.handshake;

import dev.wsjwt.token.JwtPrincipal;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.HandshakeResponse;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What differs between WebSocket runtimes at the upgrade and has no portable API: refusing it
 * with an HTTP status, the caller's address, and the threads messages arrive on. The WAR uses {@link #PORTABLE} (a servlet
 * filter refuses before the upgrade); the standalone server supplies Tyrus's.
 */
public interface RuntimeHooks {

    RuntimeHooks PORTABLE = new RuntimeHooks() {
    };

    /**
     * Refuse the upgrade with the decision's status and {@code WWW-Authenticate}, never opening a
     * session. Returning normally means the runtime cannot: the connection is then opened and
     * closed at once with the decision's close code.
     */
    default void refuse(HandshakeDecision.Refused refused, HandshakeResponse response) {
    }

    /**
     * The upgrade was accepted: where the runtime does not take the user principal from a servlet
     * request (Tyrus on Grizzly), make {@code Session.getUserPrincipal()} return this one.
     */
    default void authenticated(HandshakeRequest request, JwtPrincipal principal) {
    }

    default String remoteAddress(HandshakeRequest request) {
        return "unknown";
    }

    /**
     * Where message handlers that may block run. Empty (the default) when the runtime delivers
     * messages on pool threads, as containers do; a runtime that delivers them on its selector
     * threads supplies a pool, so that a blocked handler never stops other connections.
     */
    default Optional<Executor> handlerPool() {
        return Optional.empty();
    }
}
