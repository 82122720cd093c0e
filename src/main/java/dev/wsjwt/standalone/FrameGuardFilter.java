package dev.wsjwt.standalone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Between the HTTP codec and Tyrus on an upgraded connection: reads each frame header as it
 * arrives ({@link FrameScanner}) and, before Tyrus buffers a byte of the frame, closes the
 * connection with {@code 1002} for an unmasked client frame (RFC 6455 5.1; Tyrus 2.1 has no
 * setting for it and would process the frame) and {@code 1009} for a frame or fragmented message
 * declaring more than {@code wsjwt.message.max-size} bytes (Tyrus would buffer up to its incoming
 * buffer first, and past 4 MiB fail with 1011 and a logged stack trace). The close frame is
 * written, then the TCP connection closed; Tyrus then closes the session (1006), which wsjwt
 * forgets as on any close.
 */
final class FrameGuardFilter extends BaseFilter {

    static final int PROTOCOL_ERROR = 1002;
    static final int TOO_BIG = 1009;

    private static final Attribute<FrameScanner> SCANNER =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.frameScanner");
    private static final Attribute<Boolean> REFUSED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.frameRefused");

    private final long maxMessageBytes;

    FrameGuardFilter(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
        // The 101 goes out before the connection's next read: frames follow it, from a frame boundary.
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() == 101 && SCANNER.get(ctx.getConnection()) == null) {
            SCANNER.set(ctx.getConnection(), new FrameScanner(maxMessageBytes));
        }
        return ctx.getInvokeAction();
    }

    /** Whether the 101 has been written on this connection: its bytes are frames from now on. */
    static boolean upgraded(Connection<?> connection) {
        return SCANNER.get(connection) != null;
    }

    /**
     * Frames that still arrive through the HTTP codec (as the upgrade request's content): only
     * until {@link UpgradedConnectionFilter} takes the connection's reads over.
     */
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (!(ctx.getMessage() instanceof HttpContent content) || !upgraded(ctx.getConnection())) {
            return ctx.getInvokeAction();
        }
        if (admit(ctx.getConnection(), content.getContent())) {
            return ctx.getInvokeAction();
        }
        content.recycle();
        return ctx.getStopAction();
    }

    /**
     * Whether these bytes of an upgraded connection may reach Tyrus: false once a frame header
     * was refused (the close frame then written and the connection closed).
     */
    boolean admit(Connection<?> connection, Buffer bytes) {
        FrameScanner scanner = SCANNER.get(connection);
        if (scanner == null) {
            return true;
        }
        if (Boolean.TRUE.equals(REFUSED.get(connection))) {
            return false;
        }
        FrameScanner.Verdict verdict = scan(scanner, bytes);
        if (verdict == FrameScanner.Verdict.OK) {
            return true;
        }
        REFUSED.set(connection, Boolean.TRUE);
        if (verdict == FrameScanner.Verdict.UNMASKED) {
            close(connection, PROTOCOL_ERROR, "client frames must be masked");
        } else {
            close(connection, TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
        }
        return false;
    }

    private static FrameScanner.Verdict scan(FrameScanner scanner, Buffer content) {
        if (!content.isComposite()) {
            return scanner.scan(content.toByteBuffer());
        }
        ByteBufferArray parts = content.toByteBufferArray();
        try {
            for (int i = 0; i < parts.size(); i++) {
                FrameScanner.Verdict verdict = scanner.scan(parts.getArray()[i]);
                if (verdict != FrameScanner.Verdict.OK) {
                    return verdict;
                }
            }
            return FrameScanner.Verdict.OK;
        } finally {
            parts.restore();
            parts.recycle();
        }
    }

    /** Writes a close frame (a server's: unmasked), then closes the TCP connection. */
    private static void close(Connection<?> connection, int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + text.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + text.length);
        frame[2] = (byte) (code >>> 8);
        frame[3] = (byte) code;
        System.arraycopy(text, 0, frame, 4, text.length);
        Buffer buffer = Buffers.wrap(connection.getMemoryManager(), frame);
        @SuppressWarnings("unchecked")
        Connection<Object> writable = (Connection<Object>) connection;
        writable.write(buffer, new EmptyCompletionHandler<WriteResult<Buffer, Object>>() {
            @Override
            public void completed(WriteResult<Buffer, Object> result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }

            @Override
            public void cancelled() {
                connection.closeSilently();
            }
        });
    }
}
