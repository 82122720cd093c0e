package dev.wsjwt.config;

import java.time.Duration;

/** How an open session is limited and kept in step with its token. */
public record SessionSettings(
        Duration authTimeout,
        Duration expiryWarning,
        Duration clockSkew,
        int maxMessageBytes,
        int ratePerSecond,
        int rateBurst,
        int rateMaxViolations) {
}
