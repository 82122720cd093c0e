package dev.wsjwt.dispatch;

import java.util.Objects;

/** A handler's refusal of one message: answered as an error reply; the session stays open. */
public final class MessageException extends RuntimeException {

    private final ErrorCode code;

    public MessageException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }

    public static MessageException badRequest(String message) {
        return new MessageException(ErrorCode.BAD_REQUEST, message);
    }

    /** A required, non-blank text field of a payload. */
    public static String requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw badRequest("payload." + field + " is required");
        }
        if (value.length() > maxLength) {
            throw badRequest("payload." + field + " is longer than " + maxLength + " characters");
        }
        return value;
    }
}
