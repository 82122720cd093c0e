package dev.wsjwt.container;

import dev.wsjwt.dispatch.HandlerScope;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import java.util.concurrent.Callable;

/**
 * Every handler inside an active CDI request context, as a servlet request would have: a
 * service may inject request-scoped beans (an entity manager, say). A context already active on
 * the thread is left alone.
 */
final class RequestScope implements HandlerScope {

    private final Instance<RequestContextController> controllers;

    RequestScope(Instance<RequestContextController> controllers) {
        this.controllers = controllers;
    }

    @Override
    public Object call(Callable<Object> handler) throws Exception {
        RequestContextController controller = controllers.get();
        try {
            boolean activated = controller.activate();
            try {
                return handler.call();
            } finally {
                if (activated) {
                    controller.deactivate();
                }
            }
        } finally {
            controllers.destroy(controller); // a dependent instance: never let the Instance keep it
        }
    }
}
