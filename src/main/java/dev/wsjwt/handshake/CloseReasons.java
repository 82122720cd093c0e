package dev.wsjwt.handshake;

import java.nio.charset.StandardCharsets;

/**
 * Reason texts that fit everywhere they go: a quoted {@code WWW-Authenticate} parameter and a
 * WebSocket close frame (at most 123 bytes of UTF-8).
 */
public final class CloseReasons {

    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private CloseReasons() {
    }

    /** {@code text} with every character outside printable ASCII replaced by {@code ?}: for header values. */
    public static String ascii(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    public static String safe(String text) {
        String cleaned = text == null ? "" : text.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
        if (cleaned.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES) {
            return cleaned;
        }
        StringBuilder out = new StringBuilder();
        for (char c : cleaned.toCharArray()) {
            if ((out + String.valueOf(c)).getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES - 3) {
                break;
            }
            out.append(c);
        }
        return out.append("...").toString();
    }
}
