package dev.wsjwt.example.app;

import dev.wsjwt.WsjwtConfigurator;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A standard Jakarta WebSocket endpoint: wsjwt's configurator verifies the token at the upgrade
 * (no valid token, no session) and closes the session 4401 when the token expires. wsjwt needs
 * a public {@code @OnOpen} method with a {@code Session} parameter (it may be empty) on a
 * non-final class.
 */
@ServerEndpoint(value = "/ws/echo", configurator = WsjwtConfigurator.class)
public class EchoEndpoint {

    private static final System.Logger LOG = System.getLogger(EchoEndpoint.class.getName());

    @Inject
    Inventory inventory; // injected in a container; null on the standalone server (no CDI there)

    @OnOpen
    public void open(Session session) {
        LOG.log(Level.INFO, "echo opened for {0}", session.getUserPrincipal().getName());
    }

    @OnMessage
    public String echo(String text, Session session) {
        JsonWebToken caller = (JsonWebToken) session.getUserProperties().get("dev.wsjwt.principal");
        return Json.createObjectBuilder()
                .add("type", "echo")
                .add("sub", caller.getSubject())
                .add("principalFromSession", session.getUserPrincipal().getName())
                .add("injected", inventory != null)
                .add("echo", text)
                .build().toString();
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        LOG.log(Level.INFO, "echo closed: {0} {1}", String.valueOf(reason.getCloseCode().getCode()), reason.getReasonPhrase());
    }
}
