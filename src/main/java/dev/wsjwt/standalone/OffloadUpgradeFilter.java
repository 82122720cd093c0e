package dev.wsjwt.standalone;

import dev.wsjwt.handshake.UpgradeRequest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.threadpool.Threads;

/**
 * Moves a WebSocket upgrade that could wait off the selector thread that read it, onto the
 * worker pool. With the same-thread I/O strategy frames are handled where they are read, which
 * is what makes them cheap; an upgrade runs token verification, which may wait for a JWKS fetch
 * up to {@code wsjwt.jwks.timeout}, and must not hold every other connection of that selector
 * meanwhile. Whether it could is asked first ({@code HandshakeAuthenticator.mayWait}: a key set
 * not fetched yet, a header the key set has not resolved before); an upgrade that cannot wait
 * stays on the selector, which saves a thread hop per handshake. Grizzly stops reading the
 * connection while its context is suspended and resumes it after the upgrade, so no frame can
 * overtake the handshake. Plain HTTP requests are moved by Grizzly itself (an
 * {@code HttpHandler} called on a selector runs on the worker pool).
 */
final class OffloadUpgradeFilter extends BaseFilter {

    private static final String OFFLOADED = OffloadUpgradeFilter.class.getName();

    private final Predicate<UpgradeRequest> mayWait;

    /** @param mayWait whether an upgrade could wait; asked on the selector, so it must not block */
    OffloadUpgradeFilter(Predicate<UpgradeRequest> mayWait) {
        this.mayWait = mayWait;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (!Threads.isService()
                || !(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                || !request.isUpgrade()
                || request.getAttribute(OFFLOADED) != null) {
            // Not on a selector, not an upgrade, or an upgraded connection's frames: stay here.
            return ctx.getInvokeAction();
        }
        request.setAttribute(OFFLOADED, Boolean.TRUE);
        ExecutorService pool = ctx.getConnection().getTransport().getWorkerThreadPool();
        if (pool == null || !mayWait(request)) {
            return ctx.getInvokeAction();
        }
        ctx.suspend();
        try {
            pool.execute(ctx::resumeNext);
        } catch (RejectedExecutionException e) {
            // The server is stopping: nothing will run this upgrade, so do not leave it hanging.
            ctx.getConnection().closeSilently();
        }
        return ctx.getSuspendAction();
    }

    /** A request the check cannot read is one that may wait: the pool then meets it, never the selector. */
    private boolean mayWait(HttpRequestPacket request) {
        try {
            return mayWait.test(new GrizzlyUpgradeRequest(request));
        } catch (RuntimeException e) {
            return true;
        }
    }
}
