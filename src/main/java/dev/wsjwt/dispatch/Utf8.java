package dev.wsjwt.dispatch;

/** The UTF-8 length of text, counted only when the character count cannot settle a limit. */
final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code text} takes more than {@code maxBytes} bytes in UTF-8; counts bytes only when it must. */
    static boolean exceeds(CharSequence text, long maxBytes) {
        int chars = text.length();
        if (chars > maxBytes) {
            return true; // at least one byte a character
        }
        if (chars * 3L <= maxBytes) {
            return false; // at most three bytes a character (four for a pair of two)
        }
        return length(text) > maxBytes;
    }

    /** The bytes {@code text} takes in UTF-8; an unpaired surrogate counts as the three bytes of its replacement. */
    static long length(CharSequence text) {
        long bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
