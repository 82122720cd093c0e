package dev.wsjwt.standalone;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Against slow upgrades: tracks, per remote address, the connections whose first request has not
 * fully arrived (the HTTP codec passes nothing up before a whole request head), and closes a new
 * one at once when its address already holds {@code wsjwt.server.max-pending-per-address} of them
 * that have been waiting longer than {@link #STALLED} (a burst of honest handshakes, whose heads
 * are merely queued behind each other, is never refused). How long a request may take is
 * Grizzly's idle timeout ({@code wsjwt.server.header-timeout}, which a trickle of header bytes
 * does not restart: they never reach past the codec); a connection this filter sees upgraded
 * (101) is exempted from it, as WebSocket sessions have wsjwt's own timers.
 */
final class PendingRequestFilter extends BaseFilter {

    /** A request head this long in arriving is a slow one (an honest client sends it at once). */
    static final long STALLED = TimeUnit.SECONDS.toNanos(1);

    private static final Attribute<InetAddress> PENDING =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.pendingFrom");
    private static final Attribute<Long> ACCEPTED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.acceptedAt");

    private final int maxPendingPerAddress;
    private final ConcurrentMap<InetAddress, Set<Connection<?>>> pending = new ConcurrentHashMap<>();

    PendingRequestFilter(int maxPendingPerAddress) {
        this.maxPendingPerAddress = maxPendingPerAddress;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) {
        Connection<?> connection = ctx.getConnection();
        if (!(connection.getPeerAddress() instanceof InetSocketAddress peer)) {
            return ctx.getInvokeAction();
        }
        InetAddress address = peer.getAddress();
        long now = System.nanoTime();
        Set<Connection<?>> waiting = pending.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet());
        long stalled = waiting.stream().filter(c -> now - acceptedAt(c, now) > STALLED).limit(maxPendingPerAddress).count();
        if (stalled >= maxPendingPerAddress) {
            connection.closeSilently();
            return ctx.getStopAction();
        }
        ACCEPTED.set(connection, now);
        PENDING.set(connection, address);
        pending.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(connection);
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent) {
            arrived(ctx.getConnection());
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response && response.getStatus() == 101) {
            IdleTimeoutFilter.setCustomTimeout(ctx.getConnection(), -1, TimeUnit.SECONDS);
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) {
        arrived(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    /** Connections of every address still waiting for a first request head (for tests and metrics). */
    int pending() {
        return pending.values().stream().mapToInt(Set::size).sum();
    }

    private static long acceptedAt(Connection<?> connection, long otherwise) {
        Long at = ACCEPTED.get(connection);
        return at == null ? otherwise : at;
    }

    private void arrived(Connection<?> connection) {
        InetAddress address = PENDING.remove(connection);
        if (address != null) {
            pending.computeIfPresent(address, (a, waiting) -> {
                waiting.remove(connection);
                return waiting.isEmpty() ? null : waiting;
            });
        }
    }
}
