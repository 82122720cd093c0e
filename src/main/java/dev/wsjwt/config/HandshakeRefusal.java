package dev.wsjwt.config;

/** How a refused handshake is answered. */
public enum HandshakeRefusal {
    /** Refuse the upgrade with HTTP 401/403 and {@code WWW-Authenticate}. */
    HTTP,
    /** Accept the upgrade, then close with 4401/4403 and the reason before reading any message. */
    CLOSE
}
