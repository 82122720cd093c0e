package dev.wsjwt.handshake;

import dev.wsjwt.config.Transport;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.RejectionReason;
import java.util.Objects;

/** The outcome of one upgrade request: a value, decided once, acted on by whoever can. */
public sealed interface HandshakeDecision {

    static HandshakeDecision accept(JwtPrincipal principal, Transport transport) {
        return new Accepted(principal, transport);
    }

    static HandshakeDecision awaitAuthMessage() {
        return AwaitingAuthMessage.INSTANCE;
    }

    static Refused unauthorized(RejectionReason reason, String description) {
        return new Refused(401, "invalid_token", reason, description);
    }

    static Refused forbidden(String error, String description) {
        return new Refused(403, error, null, description);
    }

    /** Authenticated at the upgrade. */
    record Accepted(JwtPrincipal principal, Transport transport) implements HandshakeDecision {
        public Accepted {
            Objects.requireNonNull(principal);
            Objects.requireNonNull(transport);
        }
    }

    /** No token at the upgrade and the {@code message} transport is on: authenticate in-band. */
    final class AwaitingAuthMessage implements HandshakeDecision {
        private static final AwaitingAuthMessage INSTANCE = new AwaitingAuthMessage();

        private AwaitingAuthMessage() {
        }

        @Override
        public String toString() {
            return "AwaitingAuthMessage";
        }
    }

    /**
     * Refused: HTTP {@code status} with {@code WWW-Authenticate}, or, where the upgrade cannot be
     * refused, a close with {@link #closeCode()}. {@code reason} is null for origin and permission
     * refusals.
     */
    record Refused(int status, String error, RejectionReason reason, String description) implements HandshakeDecision {

        public Refused {
            description = CloseReasons.safe(description);
        }

        public int closeCode() {
            return status == 403 ? 4403 : 4401;
        }

        /**
         * The failed check as a metric attribute and log key, from a closed set: the
         * {@link RejectionReason} in lower case, {@code origin_not_allowed} or {@code missing_permission}.
         */
        public String cause() {
            if (reason != null) {
                return reason.name().toLowerCase(java.util.Locale.ROOT);
            }
            return "insufficient_scope".equals(error) ? "missing_permission" : "origin_not_allowed";
        }

        /**
         * The challenge, in ASCII whatever the description holds (a claim value from the
         * configuration, say): header values are bytes, and runtimes write a wider character as
         * some other byte (Grizzly keeps its low eight bits).
         */
        public String wwwAuthenticate() {
            return "Bearer error=\"" + error + "\", error_description=\"" + CloseReasons.ascii(description) + "\"";
        }
    }
}
