package dev.wsjwt.standalone;

import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.handshake.RuntimeHooks;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import java.lang.reflect.Field;
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

    /**
     * Tyrus gives a session the principal of the upgrade's {@code RequestContext}, which its
     * Grizzly container always builds without one and offers no way to set: so it is set here,
     * on this runtime only, where the field is known (Tyrus 2.1). Without it
     * {@code Session.getUserPrincipal()} would be null on the standalone server alone.
     */
    @Override
    public void authenticated(HandshakeRequest request, JwtPrincipal principal) {
        if (request instanceof RequestContext context && USER_PRINCIPAL != null) {
            try {
                USER_PRINCIPAL.set(context, principal);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set the session's principal on this Tyrus version", e);
            }
        }
    }

    private static final Field USER_PRINCIPAL = userPrincipalField();

    private static Field userPrincipalField() {
        try {
            Field field = RequestContext.class.getDeclaredField("userPrincipal");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(TyrusHooks.class.getName()).log(System.Logger.Level.WARNING,
                    "this Tyrus version hides RequestContext.userPrincipal: Session.getUserPrincipal() will be null");
            return null;
        }
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
