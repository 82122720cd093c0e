package dev.wsjwt.container;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import java.util.Optional;

/**
 * Sees a user's annotated endpoint open and close: registers the connection with wsjwt before
 * the user's {@code @OnOpen} runs (so it ends with its token), and forgets it, and the instance,
 * after the user's {@code @OnClose}. An upgrade refused as a close (refusal mode {@code close})
 * never reaches the user's {@code @OnOpen}.
 */
@Interceptor
@SessionTracked
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class SessionTrackingInterceptor {

    // The extension itself is not injected: CDI would need to proxy it (a normal-scoped bean).
    @Inject
    BeanManager beans;

    @AroundInvoke
    public Object track(InvocationContext call) throws Exception {
        Optional<Session> session = sessionOf(call);
        Optional<WsjwtExtension.Application> application = beans.getExtension(WsjwtExtension.class).application();
        if (session.isEmpty() || application.isEmpty()) {
            return call.proceed();
        }
        if (call.getMethod().isAnnotationPresent(OnOpen.class)) {
            if (application.get().wsjwt().sessionManager().openAnnotated(session.get()).isEmpty()) {
                return null;
            }
            application.get().endpoints().opened(call.getTarget(), session.get());
            return call.proceed();
        }
        try {
            return call.proceed();
        } finally {
            application.get().wsjwt().sessionManager().closedAnnotated(session.get(), closeReasonOf(call));
            application.get().endpoints().destroy(call.getTarget());
        }
    }

    /** The {@code CloseReason} parameter of an {@code @OnClose} method, if it declares one. */
    private static jakarta.websocket.CloseReason closeReasonOf(InvocationContext call) {
        for (Object parameter : call.getParameters()) {
            if (parameter instanceof jakarta.websocket.CloseReason reason) {
                return reason;
            }
        }
        return null;
    }

    private static Optional<Session> sessionOf(InvocationContext call) {
        for (Object parameter : call.getParameters()) {
            if (parameter instanceof Session session) {
                return Optional.of(session);
            }
        }
        return Optional.empty();
    }
}
