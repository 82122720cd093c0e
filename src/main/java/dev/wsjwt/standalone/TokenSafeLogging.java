package dev.wsjwt.standalone;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tyrus and Grizzly dump whole upgrade requests (Authorization, Cookie, Sec-WebSocket-Protocol
 * and the query) at debug levels: with those loggers turned up, tokens would reach the log. Their
 * records below INFO are dropped, whatever level an operator configures.
 */
final class TokenSafeLogging {

    // Held strongly: java.util.logging keeps loggers (and their filters) only weakly.
    private static final List<Logger> REQUEST_DUMPING = List.of(
            Logger.getLogger("org.glassfish.tyrus.core.TyrusWebSocketEngine"),
            Logger.getLogger("org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter"),
            Logger.getLogger("org.glassfish.grizzly.http.util.Parameters"));

    private TokenSafeLogging() {
    }

    static void install() {
        for (Logger logger : REQUEST_DUMPING) {
            logger.setFilter(record -> record.getLevel().intValue() >= Level.INFO.intValue());
        }
    }
}
