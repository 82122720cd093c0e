package dev.wsjwt.standalone;

import dev.wsjwt.handshake.UpgradeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassfish.grizzly.http.HttpRequestPacket;

/** An upgrade request as Grizzly parsed it, before Tyrus sees it. */
final class GrizzlyUpgradeRequest implements UpgradeRequest {

    private final HttpRequestPacket request;

    GrizzlyUpgradeRequest(HttpRequestPacket request) {
        this.request = request;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (String value : request.getHeaders().values(name)) {
            values.add(value);
        }
        return values;
    }

    @Override
    public Optional<String> rawQuery() {
        return Optional.ofNullable(request.getQueryString());
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddress();
    }
}
