package dev.wsjwt.standalone;

import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Before Grizzly's HTTP codec: once a connection is a WebSocket (the 101 written and Tyrus's
 * connection attached), its bytes go straight to Tyrus, through {@link FrameGuardFilter}'s checks,
 * and the HTTP state Grizzly would otherwise keep for the connection's lifetime is dropped.
 *
 * <p>Grizzly hands an upgraded connection's bytes to Tyrus as the content of the upgrade request,
 * which therefore stays "in progress" for as long as the connection lives: the parsed request
 * and its response, their ~35 {@code DataChunk}s (each with a {@code ByteChunk}, a
 * {@code CharChunk} and a {@code BufferChunk}), the header fields and buffers, the HTTP context
 * and keep-alive state: about 8 KiB of heap per idle session (docs/performance.md). Nothing
 * reads them after the handshake. This filter forgets them when the handshake's read completes
 * and then does for each read what Tyrus's own {@code GrizzlyServerFilter} does with the content
 * (the same per-connection task processor, so reads and the close stay in order), without the
 * codec in between. A connection whose handshake did not end with a Tyrus connection (refused,
 * plain HTTP) is left to the codec. Works with every I/O strategy: see {@link #isRaw}.
 */
final class UpgradedConnectionFilter extends BaseFilter {

    // Tyrus's own attributes (GrizzlyServerFilter): the attribute builder returns the attribute
    // already registered under a name.
    private static final Attribute<org.glassfish.tyrus.spi.Connection> TYRUS_CONNECTION =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
                    "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");
    private static final Attribute<TaskProcessor> TASK_PROCESSOR =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(TaskProcessor.class.getName() + ".TaskProcessor");
    private static final Attribute<Boolean> RAW =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.rawWebSocket");
    /** Grizzly's HTTP codec's per-connection state ({@code HttpServerFilter}). */
    private static final String KEEP_ALIVE_CONTEXT = "HttpServerFilter.KeepAliveContext";

    private static final FilterChainContext.CompletionListener SHED_WHEN_UPGRADED = done -> {
        Connection<?> connection = done.getConnection();
        if (connection.isOpen() && isRaw(connection)) {
            // The handshake's read is over: nothing reads the request again. (A read that starts
            // before this point already goes past the codec: isRaw holds from the 101 on.)
            AttributeHolder attributes = connection.getAttributes();
            attributes.removeAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
            attributes.removeAttribute(KEEP_ALIVE_CONTEXT);
        }
    };

    private final FrameGuardFilter guard;

    UpgradedConnectionFilter(FrameGuardFilter guard) {
        this.guard = guard;
    }

    /**
     * Whether this connection's reads bypass the HTTP codec: from the moment the 101 has been
     * written and Tyrus has attached its connection, both inside the handshake's read. Decided
     * from those, not from the handshake's completion: with the worker strategy (or an upgrade
     * resumed on the worker pool) Grizzly may start the next read before the handshake's
     * context has completed, and that read must not reach a codec whose request is being dropped.
     */
    static boolean isRaw(Connection<?> connection) {
        if (Boolean.TRUE.equals(RAW.get(connection))) {
            return true;
        }
        if (FrameGuardFilter.upgraded(connection) && TYRUS_CONNECTION.get(connection) != null
                && TASK_PROCESSOR.get(connection) != null) {
            RAW.set(connection, Boolean.TRUE);
            return true;
        }
        return false;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        Connection<?> connection = ctx.getConnection();
        if (!isRaw(connection)) {
            // Still HTTP: if this read completes the handshake, drop the HTTP state after it.
            ctx.addCompletionListener(SHED_WHEN_UPGRADED);
            return ctx.getInvokeAction();
        }
        Buffer buffer = ctx.getMessage();
        if (!guard.admit(connection, buffer) || !buffer.hasRemaining()) {
            return ctx.getStopAction();
        }
        org.glassfish.tyrus.spi.Connection tyrus = TYRUS_CONNECTION.get(connection);
        TaskProcessor tasks = TASK_PROCESSOR.get(connection);
        if (tyrus == null || tasks == null) { // closed meanwhile
            return ctx.getStopAction();
        }
        ReadHandler reader = tyrus.getReadHandler();
        if (!buffer.isComposite()) {
            tasks.processTask(new Read(buffer.toByteBuffer(), reader));
        } else {
            ByteBufferArray parts = buffer.toByteBufferArray();
            ByteBuffer[] array = parts.getArray();
            for (int i = 0; i < parts.size(); i++) {
                tasks.processTask(new Read(array[i], reader));
            }
            parts.recycle();
        }
        return ctx.getStopAction();
    }

    private static final class Read extends TaskProcessor.Task {
        private final ByteBuffer bytes;
        private final ReadHandler reader;

        Read(ByteBuffer bytes, ReadHandler reader) {
            this.bytes = bytes;
            this.reader = reader;
        }

        @Override
        public void execute() {
            reader.handle(bytes);
        }
    }
}
