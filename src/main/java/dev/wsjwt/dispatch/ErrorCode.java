package dev.wsjwt.dispatch;

import java.util.Locale;

/**
 * The {@code error.code} values of the contract. wsjwt itself never answers
 * {@link #INVALID_TOKEN}: a refused token of its own closes the session {@code 4401}. The code is
 * for services, through {@link MessageException}, that check a token carried in a payload.
 */
public enum ErrorCode {
    BAD_REQUEST, UNKNOWN_TYPE, FORBIDDEN, INVALID_TOKEN, RATE_LIMITED, INTERNAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
