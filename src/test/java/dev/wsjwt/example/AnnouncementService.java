package dev.wsjwt.example;

import dev.wsjwt.WebSocketConnection;
import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.dispatch.MessageException;
import dev.wsjwt.dispatch.RequiresPermission;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The standalone example of docs/services.md, compiled and exercised by
 * {@link AnnouncementServiceTest}: keep the two in step. Written on the public API only.
 */
public final class AnnouncementService {

    public static final String READ = "announcements:read";
    public static final String WRITE = "announcements:write";
    private static final String LISTENERS = "announcements";

    /** {@code announcements.post}'s payload, decoded with JSON-B. */
    public record Post(String text) {
    }

    /** {@code announcements.post}'s result. */
    public record Posted(int delivered) {
    }

    /** The {@code announcement} push. */
    public record Announcement(String from, String text) {
    }

    private final WebSocketSessions sessions;

    public AnnouncementService(WebSocketSessions sessions) {
        this.sessions = sessions;
    }

    @Handles("announcements.listen")
    @RequiresPermission(READ)
    public void listen(WebSocketConnection connection) {
        sessions.join(LISTENERS, connection); // a closed connection leaves by itself
    }

    @Handles("announcements.post")
    @RequiresPermission(WRITE)
    public Posted post(JsonWebToken caller, Post post) {
        String text = MessageException.requireText(post.text(), "text", 500);
        // READ is checked per listener at send time: one may have re-authenticated without it.
        return new Posted(sessions.pushToGroup(LISTENERS, "announcement", new Announcement(caller.getSubject(), text), READ));
    }
}
