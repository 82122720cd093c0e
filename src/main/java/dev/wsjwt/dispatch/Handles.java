package dev.wsjwt.dispatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method as the handler of one message type. The method (or, for the last three,
 * its class) must also declare who may call it — {@link RequiresPermission}, {@link AnyAuthenticated},
 * {@code @RolesAllowed} (any one of the listed permissions), {@code @PermitAll} or {@code @DenyAll}
 * — or the endpoint refuses to start, naming the method.
 *
 * <p>Parameters are filled by type: {@code JsonWebToken} (the caller's current principal),
 * {@code dev.wsjwt.WebSocketConnection} (the connection), {@code JsonObject} (the raw payload), or
 * one other class or record, decoded from the payload with JSON-B. The return value (if any) is
 * the result payload.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Handles {
    /** The message {@code type}, e.g. {@code chat.send}. */
    String value();
}
