package dev.wsjwt.container;

import dev.wsjwt.handshake.EndpointFactory;
import dev.wsjwt.session.SessionManager;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionTarget;
import jakarta.enterprise.inject.spi.InterceptionFactory;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances of users' annotated endpoints, made by wsjwt through CDI (injection,
 * {@code @PostConstruct}, {@code @PreDestroy} as usual) and handed to the runtime behind an
 * interception proxy that binds {@link SessionTrackingInterceptor} to {@code @OnOpen} and
 * {@code @OnClose}. Each is destroyed after its {@code @OnClose}; one whose endpoint declares no
 * {@code @OnClose}, or whose upgrade never completed, is released by {@link #sweep()}.
 */
final class OwnedEndpoints implements EndpointFactory {

    /** How long an instance may wait for its {@code @OnOpen} before the sweep drops it. */
    static final Duration OPEN_DEADLINE = Duration.ofSeconds(60);

    private static final class Owned {
        final InjectionTarget<Object> target;
        final CreationalContext<Object> context;
        final Instant created = Instant.now();
        volatile Session session;

        Owned(InjectionTarget<Object> target, CreationalContext<Object> context) {
            this.target = target;
            this.context = context;
        }
    }

    private final BeanManager beans;
    private final SessionManager sessions;
    private final Map<Class<?>, InjectionTarget<?>> targets = new ConcurrentHashMap<>();
    // Keyed by identity: a user's equals() must not merge two connections' instances.
    private final Map<Object, Owned> live = Collections.synchronizedMap(new IdentityHashMap<>());

    OwnedEndpoints(BeanManager beans, SessionManager sessions) {
        this.beans = beans;
        this.sessions = sessions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T create(Class<T> endpointClass) throws InstantiationException {
        try {
            InjectionTarget<T> target = (InjectionTarget<T>) targets.computeIfAbsent(endpointClass,
                    type -> beans.getInjectionTargetFactory(beans.createAnnotatedType(type)).createInjectionTarget(null));
            CreationalContext<T> context = beans.createCreationalContext(null);
            T instance = target.produce(context);
            target.inject(instance, context);
            target.postConstruct(instance);
            live.put(instance, new Owned((InjectionTarget<Object>) target, (CreationalContext<Object>) context));
            InterceptionFactory<T> interception = beans.createInterceptionFactory(beans.createCreationalContext(null), endpointClass);
            interception.configure()
                    .filterMethods(m -> m.isAnnotationPresent(OnOpen.class) || m.isAnnotationPresent(OnClose.class))
                    .forEach(m -> m.add(SessionTracked.Literal.INSTANCE));
            return interception.createInterceptedInstance(instance);
        } catch (RuntimeException e) {
            InstantiationException failure = new InstantiationException("wsjwt cannot create " + endpointClass.getName()
                    + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    void opened(Object instance, Session session) {
        Owned owned = live.get(instance);
        if (owned != null) {
            owned.session = session;
        }
    }

    void destroy(Object instance) {
        Owned owned = live.remove(instance);
        if (owned != null) {
            owned.target.preDestroy(instance);
            owned.target.dispose(instance);
            owned.context.release();
        }
    }

    /** Releases instances whose session closed unseen (no {@code @OnClose}) or never opened. */
    void sweep() {
        Instant openDeadline = Instant.now().minus(OPEN_DEADLINE);
        List<Map.Entry<Object, Owned>> gone = new ArrayList<>();
        synchronized (live) {
            for (Map.Entry<Object, Owned> entry : live.entrySet()) {
                Session session = entry.getValue().session;
                if (session == null ? entry.getValue().created.isBefore(openDeadline) : !session.isOpen()) {
                    gone.add(entry);
                }
            }
        }
        for (Map.Entry<Object, Owned> entry : gone) {
            Session session = entry.getValue().session;
            if (session != null) {
                sessions.closedAnnotated(session, null); // found closed: the runtime never said how
            }
            destroy(entry.getKey());
        }
    }

    int size() {
        return live.size();
    }
}
