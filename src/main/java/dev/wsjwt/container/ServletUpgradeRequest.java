package dev.wsjwt.container;

import dev.wsjwt.handshake.UpgradeRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A servlet request seen as an upgrade request. */
final class ServletUpgradeRequest implements UpgradeRequest {

    private final HttpServletRequest request;

    ServletUpgradeRequest(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public Optional<String> rawQuery() {
        return Optional.ofNullable(request.getQueryString());
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.trim().equalsIgnoreCase("websocket");
    }
}
