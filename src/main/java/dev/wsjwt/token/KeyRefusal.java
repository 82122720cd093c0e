package dev.wsjwt.token;

import org.jose4j.lang.UnresolvableKeyException;

/**
 * Thrown from key resolution (which jose4j runs before it checks the signature) to carry a
 * precise reason through {@code JwtConsumer} to {@link TokenVerifier}.
 */
final class KeyRefusal extends UnresolvableKeyException {

    private final RejectionReason reason;

    KeyRefusal(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    RejectionReason reason() {
        return reason;
    }
}
