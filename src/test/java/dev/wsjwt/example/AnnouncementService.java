package dev.wsjwt.example;

import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.dispatch.MessageException;
import dev.wsjwt.dispatch.Replies;
import dev.wsjwt.dispatch.RequiresPermission;
import dev.wsjwt.session.Connection;
import dev.wsjwt.session.SessionManager;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The example of the README's "Writing a permission-checked service", compiled and exercised by {@link AnnouncementServiceTest}:
 * keep the two in step.
 */
public final class AnnouncementService {

    public static final String READ = "announcements:read";
    public static final String WRITE = "announcements:write";

    /** {@code announcements.post}'s payload, decoded with JSON-B. */
    public record Post(String text) {
    }

    /** {@code announcements.post}'s result. */
    public record Posted(int delivered) {
    }

    /** The {@code announcement} push. */
    public record Announcement(String from, String text) {
    }

    private final Replies replies;
    private final Set<Connection> listeners = ConcurrentHashMap.newKeySet();

    public AnnouncementService(SessionManager sessions, Replies replies) {
        this.replies = replies;
        // A closed connection stops listening, however it closed.
        sessions.registry().onRemoval(listeners::remove);
    }

    @Handles("announcements.listen")
    @RequiresPermission(READ)
    public void listen(Connection connection) {
        listeners.add(connection);
    }

    @Handles("announcements.post")
    @RequiresPermission(WRITE)
    public Posted post(JsonWebToken caller, Post post) {
        String text = MessageException.requireText(post.text(), "text", 500);
        String frame = replies.push("announcement", new Announcement(caller.getSubject(), text));
        int delivered = 0;
        for (Connection listener : listeners) {
            // Checked at send time: a listener may have re-authenticated without the permission.
            boolean mayRead = listener.principal().map(p -> p.hasPermission(READ)).orElse(false);
            if (mayRead && listener.send(frame)) {
                delivered++;
            }
        }
        return new Posted(delivered);
    }
}
