package dev.wsjwt.token;

import java.util.Objects;

/**
 * A token failed verification. The message names the failed check and is safe to show to the
 * client and to log: it never contains the token.
 */
public final class TokenRejectedException extends Exception {

    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason) {
        this(reason, reason.description());
    }

    public TokenRejectedException(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public RejectionReason reason() {
        return reason;
    }
}
