package dev.wsjwt.handshake;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * What a user's annotated endpoint must have for wsjwt to end its sessions with their tokens:
 * an {@code @OnOpen} method with a {@code Session} parameter (the one moment the runtime shows
 * wsjwt the session), on a class that can be subclassed (a container intercepts it).
 */
public final class AnnotatedEndpoints {

    private AnnotatedEndpoints() {
    }

    /** Empty when {@code type} qualifies, else the one-line problem naming it. */
    public static Optional<String> requireTrackable(Class<?> type) {
        if (Modifier.isFinal(type.getModifiers())) {
            return Optional.of(type.getName() + " is final: wsjwt intercepts its @OnOpen and @OnClose; make it non-final");
        }
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(OnOpen.class) && List.of(method.getParameterTypes()).contains(Session.class)) {
                if (Modifier.isFinal(method.getModifiers())) {
                    return Optional.of(type.getName() + "." + method.getName() + " is final: wsjwt intercepts it");
                }
                return Optional.empty();
            }
        }
        return Optional.of(type.getName() + " uses WsjwtConfigurator but has no public @OnOpen method with a Session "
                + "parameter: add one (it may be empty), so that wsjwt can close the session when its token expires");
    }
}
