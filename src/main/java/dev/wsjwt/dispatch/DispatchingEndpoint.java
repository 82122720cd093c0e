package dev.wsjwt.dispatch;

import dev.wsjwt.handshake.ConnectionKeys;
import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.session.CloseCodes;
import dev.wsjwt.session.Connection;
import dev.wsjwt.session.SessionManager;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The WebSocket edge: thin on purpose. Opens the connection from the handshake decision the
 * configurator stored in this connection's user properties, and hands every text frame to the
 * {@link Dispatcher}. One instance per connection.
 */
public final class DispatchingEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(DispatchingEndpoint.class.getName());

    private final SessionManager sessions;
    private final Dispatcher dispatcher;
    private final Optional<Executor> handlerPool;

    /**
     * @param handlerPool where handlers that may block run, in order per connection; empty when
     *                    the runtime already delivers messages on pool threads
     */
    public DispatchingEndpoint(SessionManager sessions, Dispatcher dispatcher, Optional<Executor> handlerPool) {
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.handlerPool = handlerPool;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // The session's map is the per-connection one the configurator wrote; on some runtimes
        // the EndpointConfig here is the shared endpoint configuration.
        HandshakeDecision decision = ConnectionKeys.decision(session.getUserProperties())
                .or(() -> ConnectionKeys.decision(config.getUserProperties()))
                .orElse(null);
        Optional<Connection> opened = sessions.open(session, decision);
        if (opened.isEmpty()) {
            return;
        }
        Connection connection = opened.get();
        session.getUserProperties().put(ConnectionKeys.CONNECTION, connection);
        MessageLane lane = handlerPool.map(pool -> MessageLane.over(pool, new MessageLane.Trouble() {
            @Override
            public void overflowed() {
                connection.close(CloseCodes.POLICY_VIOLATION, "more than " + MessageLane.MAX_QUEUED + " messages waiting for a handler");
            }

            @Override
            public void failed(Error error) {
                LOG.log(Level.ERROR, "handler failed on " + connection.id(), error);
                connection.close(CloseCodes.SERVER_ERROR, "internal error");
            }
        })).orElseGet(MessageLane::inline);
        // Partial handlers: wsjwt joins fragments under its own limit (MessageAssembler), so the
        // runtime never overflows a buffer of its own.
        int maxBytes = sessions.settings().maxMessageBytes();
        MessageAssembler assembler = new MessageAssembler(maxBytes, new MessageAssembler.Sink() {
            @Override
            public void text(String message) {
                dispatcher.onText(connection, message, lane);
            }

            @Override
            public void binary() {
                dispatcher.onBinary(connection, lane);
            }

            @Override
            public void tooBig() {
                connection.close(CloseCodes.TOO_BIG, "message larger than " + maxBytes + " bytes");
            }
        });
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) assembler::text);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) assembler::binary);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (session.getUserProperties().get(ConnectionKeys.CONNECTION) instanceof Connection connection) {
            sessions.closed(connection, closeReason);
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // Too-big frames and dropped peers land here; the runtime closes the session itself.
        LOG.log(Level.DEBUG, "session {0}: {1}", session.getId(), failure.toString());
    }
}
