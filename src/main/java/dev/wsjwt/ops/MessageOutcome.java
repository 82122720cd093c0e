package dev.wsjwt.ops;

import java.util.Locale;

/** How a message was answered, as the {@code outcome} attribute of {@code wsjwt.messages}. */
public enum MessageOutcome {
    OK, FORBIDDEN, BAD_REQUEST, RATE_LIMITED, INTERNAL;

    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }
}
