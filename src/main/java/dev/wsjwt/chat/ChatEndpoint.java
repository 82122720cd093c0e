package dev.wsjwt.chat;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.handshake.RuntimeHooks;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/** The demo chat's endpoint at {@value #PATH}, assembled from a {@link Wsjwt}. */
public final class ChatEndpoint {

    public static final String PATH = "/ws/chat";

    private ChatEndpoint() {
    }

    public static ServerEndpointConfig config(Wsjwt wsjwt, RuntimeHooks hooks) {
        ChatService chat = new ChatService(wsjwt.sessions(), wsjwt.replies(), wsjwt.cluster(), wsjwt.clock());
        return wsjwt.endpoint(PATH, List.of(chat), hooks);
    }
}
