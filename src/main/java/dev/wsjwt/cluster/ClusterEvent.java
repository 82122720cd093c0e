package dev.wsjwt.cluster;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What crosses nodes. Every field is validated on arrival: nothing foreign reaches a client. */
public sealed interface ClusterEvent {

    /**
     * A push for a group's members on every node: {@code frame} is the complete JSON text frame,
     * sent to each member that holds {@code permission} (empty: every member).
     */
    record GroupPush(String group, Optional<String> permission, String frame) implements ClusterEvent {
        public GroupPush {
            Objects.requireNonNull(group);
            Objects.requireNonNull(permission);
            Objects.requireNonNull(frame);
        }
    }

    /** A push for a subject's sessions on every node, as {@link GroupPush}. */
    record SubjectPush(String subject, Optional<String> permission, String frame) implements ClusterEvent {
        public SubjectPush {
            Objects.requireNonNull(subject);
            Objects.requireNonNull(permission);
            Objects.requireNonNull(frame);
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

    /**
     * Back-channel logout: close the sessions whose token carries {@code sid} (or, with no sid, all
     * of {@code subject}'s) with 4401 "logged out", and refuse their tokens from now on.
     */
    record Logout(Optional<String> sid, Optional<String> subject, Instant at) implements ClusterEvent {
        public Logout {
            Objects.requireNonNull(sid);
            Objects.requireNonNull(subject);
            Objects.requireNonNull(at);
            if (sid.isEmpty() && subject.isEmpty()) {
                throw new IllegalArgumentException("missing 'sid' and 'sub'");
            }
        }
    }
}
