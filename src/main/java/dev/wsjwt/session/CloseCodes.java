package dev.wsjwt.session;

import jakarta.websocket.CloseReason;

/** The close codes of the contract (graphql-ws and HTTP conventions). */
public final class CloseCodes {
    public static final int UNAUTHORIZED = 4401;
    public static final int FORBIDDEN = 4403;
    public static final int AUTH_TIMEOUT = 4408;
    public static final int RATE_LIMITED = 4429;
    public static final int TOO_BIG = 1009;
    public static final int POLICY_VIOLATION = 1008;
    public static final int SERVER_ERROR = 1011;

    private CloseCodes() {
    }

    public static CloseReason reason(int code, String text) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), dev.wsjwt.handshake.CloseReasons.safe(text));
    }
}
