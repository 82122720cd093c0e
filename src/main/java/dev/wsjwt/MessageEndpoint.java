package dev.wsjwt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Publishes a CDI bean's {@link dev.wsjwt.dispatch.Handles} methods as a wsjwt endpoint at
 * {@link #value()} under the application's context root: the token is verified at the upgrade
 * (401/403 before it), every message is checked against the handler's declared permission, and
 * the session ends with its token. Every bean with the same path forms one endpoint.
 *
 * <p>The class must be a CDI bean, e.g. {@code @ApplicationScoped}; a class carrying this
 * annotation that CDI does not manage fails the deployment rather than publishing nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageEndpoint {

    /** The endpoint's path, e.g. {@code /ws/orders}; a Jakarta WebSocket URI template. */
    String value();
}
