package dev.wsjwt.dispatch;

import java.util.Optional;

/** A text frame that is not a valid envelope; carries the id when one could be read. */
final class MalformedMessageException extends RuntimeException {

    private final Optional<String> id;

    MalformedMessageException(String message, Optional<String> id) {
        super(message, null, false, false);
        this.id = id;
    }

    Optional<String> id() {
        return id;
    }
}
