package dev.wsjwt.dispatch;

import java.util.Locale;

/** The {@code error.code} values of the contract. */
public enum ErrorCode {
    BAD_REQUEST, UNKNOWN_TYPE, FORBIDDEN, INVALID_TOKEN, RATE_LIMITED, INTERNAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
