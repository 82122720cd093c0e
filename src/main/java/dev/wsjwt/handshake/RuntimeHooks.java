package dev.wsjwt.handshake;

import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.HandshakeResponse;

/**
 * What differs between WebSocket runtimes at the upgrade and has no portable API: refusing it
 * with an HTTP status, and the caller's address. The WAR uses {@link #PORTABLE} (a servlet
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

    default String remoteAddress(HandshakeRequest request) {
        return "unknown";
    }
}
