package dev.wsjwt.cluster;

import java.time.Instant;
import java.util.Objects;

/** What crosses nodes. Every field is validated on arrival: nothing foreign reaches a client. */
public sealed interface ClusterEvent {

    /** A chat message for a room's readers on every node. */
    record RoomMessage(String room, String from, String text, long ts) implements ClusterEvent {
        public RoomMessage {
            Objects.requireNonNull(room);
            Objects.requireNonNull(from);
            Objects.requireNonNull(text);
        }
    }

    /** Close the subject's sessions on every node. */
    record Kick(String subject, int code, String reason) implements ClusterEvent {
        public Kick {
            Objects.requireNonNull(subject);
            Objects.requireNonNull(reason);
        }
    }

    /** The subject's tokens issued at or before {@code notAfter} are revoked on every node. */
    record Revocation(String subject, Instant notAfter) implements ClusterEvent {
        public Revocation {
            Objects.requireNonNull(subject);
            Objects.requireNonNull(notAfter);
        }
    }
}
