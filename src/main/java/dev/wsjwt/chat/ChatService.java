package dev.wsjwt.chat;

import dev.wsjwt.MessageEndpoint;
import dev.wsjwt.WebSocketConnection;
import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.dispatch.ErrorCode;
import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.dispatch.MessageException;
import dev.wsjwt.dispatch.NonBlocking;
import dev.wsjwt.dispatch.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The demo chat, written as a user's service is: on the public API only. The tutorials'
 * broadcast, made safe: a message reaches only the room's sessions whose principal holds
 * {@code chat:read} when it is sent, on every node. In the demo WAR CDI publishes it at
 * {@value #PATH}; the standalone demo registers it by hand.
 */
@ApplicationScoped
@MessageEndpoint(ChatService.PATH)
public class ChatService {

    public static final String PATH = "/ws/chat";
    public static final String READ = "chat:read";
    public static final String WRITE = "chat:write";
    public static final String MODERATE = "chat:moderate";
    public static final String REVOKE = "sessions:revoke";

    static final int MAX_ROOM = 64;
    static final int MAX_TEXT = 4000;
    static final int MAX_SUBJECT = 256;
    private static final String ROOM = "chat.room:";

    public record Join(String room) {
    }

    public record Send(String room, String text) {
    }

    public record Subject(String sub) {
    }

    public record Joined(String room) {
    }

    public record Delivered(int delivered) {
    }

    public record Closed(int closed) {
    }

    public record ChatMessage(String room, String from, String text, long ts) {
    }

    private WebSocketSessions sessions;
    private Clock clock;

    /** For CDI's client proxy only. */
    protected ChatService() {
    }

    @Inject
    public ChatService(WebSocketSessions sessions) {
        this(sessions, Clock.systemUTC());
    }

    public ChatService(WebSocketSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Handles("chat.join")
    @RequiresPermission(READ)
    @NonBlocking
    public Joined join(WebSocketConnection connection, Join join) {
        String room = MessageException.requireText(join.room(), "room", MAX_ROOM);
        sessions.join(ROOM + room, connection);
        return new Joined(room);
    }

    /** {@code delivered} counts this node's readers. */
    @Handles("chat.send")
    @RequiresPermission(WRITE)
    @NonBlocking // local delivery queues frames; the cluster bus never blocks
    public Delivered send(JsonWebToken sender, Send send) {
        String room = MessageException.requireText(send.room(), "room", MAX_ROOM);
        String text = MessageException.requireText(send.text(), "text", MAX_TEXT);
        ChatMessage message = new ChatMessage(room, sender.getSubject(), text, clock.millis());
        return new Delivered(sessions.pushToGroup(ROOM + room, "chat.message", message, READ));
    }

    @Handles("chat.kick")
    @RequiresPermission(MODERATE)
    @NonBlocking // closes are queued frames; the cluster bus never blocks
    public Closed kick(Subject subject) {
        String sub = MessageException.requireText(subject.sub(), "sub", MAX_SUBJECT);
        return new Closed(sessions.close(sub, 4403, "kicked by a moderator"));
    }

    @Handles("session.revoke")
    @RequiresPermission(REVOKE)
    public Closed revoke(Subject subject) {
        String sub = MessageException.requireText(subject.sub(), "sub", MAX_SUBJECT);
        try {
            return new Closed(sessions.revoke(sub));
        } catch (ClusterUnavailableException e) {
            // Applied on this node, but not acknowledged: the moderator must know to retry.
            throw new MessageException(ErrorCode.INTERNAL, "revoked on this node only: " + e.getMessage() + "; retry");
        }
    }
}
