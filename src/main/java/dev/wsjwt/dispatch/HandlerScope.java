package dev.wsjwt.dispatch;

import java.util.concurrent.Callable;

/**
 * What surrounds every handler invocation: nothing standalone; in a container, an active CDI
 * request context, so that request-scoped beans a service injects work during a message.
 */
@FunctionalInterface
public interface HandlerScope {

    HandlerScope NONE = Callable::call;

    Object call(Callable<Object> handler) throws Exception;
}
