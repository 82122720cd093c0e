package dev.wsjwt.standalone;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Against slow upgrades: counts, per remote address, the connections whose first request has not
 * fully arrived (the HTTP codec passes nothing up before a whole request head), and closes a new
 * one past {@code wsjwt.server.max-pending-per-address} at once. How long a request may take is
 * Grizzly's idle timeout ({@code wsjwt.server.header-timeout}, which a trickle of header bytes
 * does not restart: they never reach past the codec); a connection this filter sees upgraded
 * (101) is exempted from it, as WebSocket sessions have wsjwt's own timers.
 */
final class PendingRequestFilter extends BaseFilter {

    private static final Attribute<InetAddress> PENDING =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.pendingFrom");

    private final int maxPendingPerAddress;
    private final ConcurrentMap<InetAddress, Integer> pending = new ConcurrentHashMap<>();

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
        Integer count = pending.merge(address, 1, Integer::sum);
        if (count > maxPendingPerAddress) {
            release(address);
            connection.closeSilently();
            return ctx.getStopAction();
        }
        PENDING.set(connection, address);
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
        return pending.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void arrived(Connection<?> connection) {
        InetAddress address = PENDING.remove(connection);
        if (address != null) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        pending.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
