package dev.wsjwt.dispatch;

import java.nio.ByteBuffer;

/**
 * Joins one connection's message fragments under wsjwt's size limit, in bytes as sent (UTF-8 for
 * text), so that the runtime never buffers a message itself: a runtime that overflows its own
 * buffer closes the session on a path that may leave it held (Tyrus 2.1 re-registers the closed
 * session with its component provider to report the error, and never forgets it again). An
 * unfragmented message is passed on as delivered, without a copy. Called by one thread at a time.
 */
final class MessageAssembler {

    /** What becomes of a fragment. */
    interface Sink {
        void text(String message);

        void binary();

        void tooBig();
    }

    private final long maxBytes;
    private final Sink sink;
    private StringBuilder text;
    private long bytes;
    private boolean refused;

    MessageAssembler(long maxBytes, Sink sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    void text(String part, boolean last) {
        if (refused) {
            return;
        }
        if (text == null && last) {
            if (Utf8.exceeds(part, maxBytes)) {
                refuse();
            } else {
                sink.text(part);
            }
            return;
        }
        bytes += Utf8.length(part);
        if (bytes > maxBytes) {
            refuse();
            return;
        }
        if (text == null) {
            text = new StringBuilder(part.length() * 2);
        }
        text.append(part);
        if (last) {
            String whole = text.toString();
            text = null;
            bytes = 0;
            sink.text(whole);
        }
    }

    /** Binary messages are counted, never kept: wsjwt answers them without reading them. */
    void binary(ByteBuffer part, boolean last) {
        if (refused) {
            return;
        }
        bytes += part.remaining();
        if (bytes > maxBytes) {
            refuse();
        } else if (last) {
            bytes = 0;
            sink.binary();
        }
    }

    private void refuse() {
        refused = true;
        text = null;
        sink.tooBig();
    }
}
