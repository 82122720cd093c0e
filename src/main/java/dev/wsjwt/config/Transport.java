package dev.wsjwt.config;

import java.util.Locale;

/** How a client may present its access token. */
public enum Transport {
    /** {@code Authorization: Bearer <JWT>} (or the configured cookie when {@code mp.jwt.token.header=Cookie}). */
    HEADER,
    /** {@code Sec-WebSocket-Protocol: wsjwt, bearer.<JWT>}. */
    SUBPROTOCOL,
    /** {@code ?access_token=<JWT>}. */
    QUERY,
    /** The cookie named by {@code mp.jwt.token.cookie}; needs an origin allow-list. */
    COOKIE,
    /** A first message {@code {"type":"auth","payload":{"token":...}}} after the upgrade. */
    MESSAGE,
    /** {@code ?ticket=<ticket>}: a one-time ticket from {@code POST <root>/wsjwt/ticket}, standing for the token. */
    TICKET;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Transport parse(String value) {
        for (Transport transport : values()) {
            if (transport.configName().equals(value)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + value
                + "' (use header, subprotocol, query, cookie, message, ticket)");
    }
}
