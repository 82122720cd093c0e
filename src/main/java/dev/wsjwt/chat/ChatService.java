package dev.wsjwt.chat;

import dev.wsjwt.dispatch.Handles;
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
    private final Clock clock;
    private final ChatRooms rooms = new ChatRooms();

    public ChatService(SessionManager sessions, Replies replies, Clock clock) {
        this.sessions = sessions;
        this.replies = replies;
        this.clock = clock;
        sessions.registry().onRemoval(rooms::leaveAll);
    }

    @Handles("chat.join")
    @RequiresPermission(READ)
    public Joined join(Connection connection, Join join) {
        String room = MessageException.requireText(join.room(), "room", MAX_ROOM);
        rooms.join(room, connection);
        return new Joined(room);
    }

    @Handles("chat.send")
    @RequiresPermission(WRITE)
    public Delivered send(JwtPrincipal sender, Send send) {
        String room = MessageException.requireText(send.room(), "room", MAX_ROOM);
        String text = MessageException.requireText(send.text(), "text", MAX_TEXT);
        String frame = replies.push("chat.message",
                new ChatMessage(room, sender.getSubject(), text, clock.millis()));
        int delivered = 0;
        for (Connection member : rooms.members(room)) {
            // Checked per member at send time: a re-authenticated reader may have lost chat:read.
            boolean mayRead = member.principal().map(p -> p.hasPermission(READ)).orElse(false);
            if (mayRead && member.send(frame)) {
                delivered++;
            }
        }
        return new Delivered(delivered);
    }

    @Handles("chat.kick")
    @RequiresPermission(MODERATE)
    public Closed kick(Subject subject) {
        String sub = MessageException.requireText(subject.sub(), "sub", MAX_SUBJECT);
        return new Closed(sessions.closeSubject(sub, CloseCodes.FORBIDDEN, "kicked by a moderator"));
    }

    @Handles("session.revoke")
    @RequiresPermission(REVOKE)
    public Closed revoke(Subject subject) {
        String sub = MessageException.requireText(subject.sub(), "sub", MAX_SUBJECT);
        return new Closed(sessions.revoke(sub));
    }

    // visible for testing
    int roomCount() {
        return rooms.roomCount();
    }
}
