package dev.wsjwt.config;

import java.time.Duration;

/**
 * What the standalone server bounds before a connection is a WebSocket session, and what it
 * lets a frame declare.
 *
 * @param maxMessageBytes       {@code wsjwt.message.max-size}: a frame, or a fragmented message,
 *                              declaring more is closed 1009 at its header, and Tyrus's incoming
 *                              buffer is sized from it
 * @param headerTimeout         {@code wsjwt.server.header-timeout}: how long a request (an upgrade
 *                              or plain HTTP) may take to arrive after the connection opens or
 *                              the previous response; also how long an idle HTTP connection is
 *                              kept. Upgraded connections are not timed by it
 * @param maxPendingPerAddress  {@code wsjwt.server.max-pending-per-address}: connections one remote
 *                              address may hold whose first request has been arriving for
 *                              over a second; past it a new connection is closed at once
 */
public record ServerLimits(int maxMessageBytes, Duration headerTimeout, int maxPendingPerAddress) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 65_536;

    /** The defaults: 64 KiB, 10 s, 32. */
    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(10), 32);
    }

    static ServerLimits read(ValueReader in, int maxMessageBytes) {
        return new ServerLimits(maxMessageBytes,
                in.seconds(Keys.HEADER_TIMEOUT, 10, 1, 3600),
                (int) in.integer(Keys.MAX_PENDING_PER_ADDRESS, 32, 1, 1_000_000));
    }
}
