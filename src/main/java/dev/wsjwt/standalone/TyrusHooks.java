package dev.wsjwt.standalone;

import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.handshake.RuntimeHooks;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;

/**
 * Tyrus's way to refuse an upgrade for real. Tyrus fills in the 101 response before calling
 * {@code modifyHandshake} and turns a {@link HandshakeException} into the status it carries,
 * writing the same response object: so the 101 headers are removed here, ours are set, and
 * no session is opened. ({@code setStatus(401)} alone would still open one.)
 */
final class TyrusHooks implements RuntimeHooks {

    private final Optional<Executor> handlerPool;

    TyrusHooks(Optional<Executor> handlerPool) {
        this.handlerPool = handlerPool;
    }

    @Override
    public Optional<Executor> handlerPool() {
        return handlerPool;
    }

    private static final List<String> UPGRADE_HEADERS = List.of(
            "Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions");

    @Override
    public void refuse(HandshakeDecision.Refused refused, HandshakeResponse response) {
        Map<String, List<String>> headers = response.getHeaders();
        UPGRADE_HEADERS.forEach(headers::remove);
        headers.put("WWW-Authenticate", List.of(refused.wwwAuthenticate()));
        headers.put("Content-Length", List.of("0"));
        headers.put("Connection", List.of("close"));
        headers.put("Cache-Control", List.of("no-store"));
        if (response instanceof TyrusUpgradeResponse tyrus) {
            tyrus.setReasonPhrase(refused.status() == 403 ? "Forbidden" : "Unauthorized");
        }
        throw Unchecked.<RuntimeException>sneaky(new HandshakeException(refused.status(), refused.description()));
    }

    @Override
    public String remoteAddress(HandshakeRequest request) {
        return request instanceof RequestContext context ? context.getRemoteAddr() : "unknown";
    }

    /** {@code modifyHandshake} declares no checked exception, but Tyrus catches this one. */
    private static final class Unchecked {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }
}
