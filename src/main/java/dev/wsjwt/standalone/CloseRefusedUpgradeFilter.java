package dev.wsjwt.standalone;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;

/**
 * Tyrus writes a refused upgrade's response but leaves the TCP connection open, so a client that
 * ignores the status could keep writing frames into it. This filter, placed between the HTTP
 * codec and Tyrus, closes the connection once a non-101 answer to an upgrade has been flushed.
 */
final class CloseRefusedUpgradeFilter extends BaseFilter {

    private static final Attribute<Boolean> REFUSED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.wsjwt.refusedUpgrade");

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getRequest() != null && response.getRequest().isUpgrade()
                && response.getStatus() != 101) {
            REFUSED.set(ctx.getConnection(), Boolean.TRUE);
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request && request.isUpgrade()) {
            Connection<?> connection = ctx.getConnection();
            ctx.addCompletionListener(done -> {
                if (Boolean.TRUE.equals(REFUSED.get(connection))) {
                    connection.closeSilently();
                }
            });
        }
        return ctx.getInvokeAction();
    }
}
