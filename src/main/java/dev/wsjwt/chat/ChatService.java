package dev.wsjwt.chat;

import dev.wsjwt.cluster.ClusterBus;
import dev.wsjwt.cluster.ClusterEvent;
import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.dispatch.ErrorCode;
import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.dispatch.NonBlocking;
import dev.wsjwt.dispatch.MessageException;
import dev.wsjwt.dispatch.Replies;
import dev.wsjwt.dispatch.RequiresPermission;
import dev.wsjwt.session.CloseCodes;
import dev.wsjwt.session.Connection;
import dev.wsjwt.session.SessionManager;
import dev.wsjwt.token.JwtPrincipal;
import java.time.Clock;

/**
 * The demo chat: the tutorials' broadcast, made safe. A message reaches only the room's sessions
 * whose principal holds {@code chat:read} when it is sent.
 */
public final class ChatService {

    public static final String READ = "chat:read";
    public static final String WRITE = "chat:write";
    public static final String MODERATE = "chat:moderate";
    public static final String REVOKE = "sessions:revoke";

    static final int MAX_ROOM = 64;
    static final int MAX_TEXT = 4000;
    static final int MAX_SUBJECT = 256;

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

    private final SessionManager sessions;
    private final Replies replies;
    private final ClusterBus cluster;
    private final Clock clock;
    private final ChatRooms rooms = new ChatRooms();

    public ChatService(SessionManager sessions, Replies replies, ClusterBus cluster, Clock clock) {
        this.sessions = sessions;
        this.replies = replies;
        this.cluster = cluster;
        this.clock = clock;
        sessions.registry().onRemoval(rooms::leaveAll);
        cluster.subscribe(event -> {
            if (event instanceof ClusterEvent.RoomMessage message) {
                deliverLocally(new ChatMessage(message.room(), message.from(), message.text(), message.ts()));
            }
        });
    }

    @Handles("chat.join")
    @RequiresPermission(READ)
    @NonBlocking
    public Joined join(Connection connection, Join join) {
        String room = MessageException.requireText(join.room(), "room", MAX_ROOM);
        rooms.join(room, connection);
        return new Joined(room);
    }

    @Handles("chat.send")
    @RequiresPermission(WRITE)
    @NonBlocking // local delivery queues frames; ClusterBus.publish never blocks
    public Delivered send(JwtPrincipal sender, Send send) {
        String room = MessageException.requireText(send.room(), "room", MAX_ROOM);
        String text = MessageException.requireText(send.text(), "text", MAX_TEXT);
        ChatMessage message = new ChatMessage(room, sender.getSubject(), text, clock.millis());
        int delivered = deliverLocally(message);
        cluster.publish(new ClusterEvent.RoomMessage(room, message.from(), text, message.ts()));
        return new Delivered(delivered);
    }

    /** To this node's members of the room that may read it now; {@code delivered} counts this node only. */
    private int deliverLocally(ChatMessage message) {
        String frame = replies.push("chat.message", message);
        int delivered = 0;
        for (Connection member : rooms.members(message.room())) {
            // Checked per member at send time: a re-authenticated reader may have lost chat:read.
            boolean mayRead = member.principal().map(p -> p.hasPermission(READ)).orElse(false);
            if (mayRead && member.send(frame)) {
                delivered++;
            }
        }
        return delivered;
    }

    @Handles("chat.kick")
    @RequiresPermission(MODERATE)
    @NonBlocking // closes are queued frames; ClusterBus.publish never blocks
    public Closed kick(Subject subject) {
        String sub = MessageException.requireText(subject.sub(), "sub", MAX_SUBJECT);
        return new Closed(sessions.closeSubject(sub, CloseCodes.FORBIDDEN, "kicked by a moderator"));
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

    // visible for testing
    int roomCount() {
        return rooms.roomCount();
    }
}
