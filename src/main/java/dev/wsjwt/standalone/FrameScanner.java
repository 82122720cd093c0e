package dev.wsjwt.standalone;

import java.nio.ByteBuffer;

/**
 * Follows a client's WebSocket frames as their bytes stream past, reading only the headers (two
 * to fourteen bytes a frame) and skipping payloads without holding them, and says at the first
 * header that breaks a rule: not masked (RFC 6455 5.1), or a data frame, or the fragmented message
 * it continues, declaring more payload than the limit. It judges declared lengths, so a frame
 * announcing 2^62 bytes is refused before a byte of it arrives. One per connection; not
 * thread-safe (a connection's reads are handled one at a time).
 */
final class FrameScanner {

    /** What is wrong with the frame just read, or nothing. */
    enum Verdict { OK, UNMASKED, TOO_BIG }

    private final long maxMessageBytes;
    private final byte[] header = new byte[14];
    private int headerRead;
    private long payloadLeft;
    private long messageBytes;

    FrameScanner(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Follows {@code bytes} (position and limit unchanged); the first broken rule, else OK. */
    Verdict scan(ByteBuffer bytes) {
        int position = bytes.position();
        int limit = bytes.limit();
        while (position < limit) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, limit - position);
                payloadLeft -= skip;
                position += (int) skip;
                continue;
            }
            header[headerRead++] = bytes.get(position++);
            int needed = headerLength();
            if (headerRead < needed) {
                continue;
            }
            Verdict verdict = frameHeader();
            headerRead = 0;
            if (verdict != Verdict.OK) {
                return verdict;
            }
        }
        return Verdict.OK;
    }

    /** The header's full length as far as it is known (the second byte tells). */
    private int headerLength() {
        if (headerRead < 2) {
            return 2;
        }
        int lengthCode = header[1] & 0x7F;
        int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        return 2 + extended + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private Verdict frameHeader() {
        if ((header[1] & 0x80) == 0) {
            return Verdict.UNMASKED;
        }
        int lengthCode = header[1] & 0x7F;
        long length;
        if (lengthCode == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (lengthCode == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                return Verdict.TOO_BIG; // the most significant bit must be 0
            }
        } else {
            length = lengthCode;
        }
        payloadLeft = length;
        int opcode = header[0] & 0x0F;
        if (opcode >= 0x8) {
            return Verdict.OK; // control frames: at most 125 bytes, and Tyrus checks that
        }
        boolean fin = (header[0] & 0x80) != 0;
        messageBytes = opcode == 0 ? messageBytes + length : length;
        Verdict verdict = messageBytes > maxMessageBytes ? Verdict.TOO_BIG : Verdict.OK;
        if (fin) {
            messageBytes = 0;
        }
        return verdict;
    }
}
