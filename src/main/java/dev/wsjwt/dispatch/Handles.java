package dev.wsjwt.dispatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method as the handler of one message type. The method must also carry
 * {@link RequiresPermission} or {@link AnyAuthenticated}, or the dispatcher refuses to start.
 *
 * <p>Parameters are filled by type: {@code JsonWebToken} / {@code JwtPrincipal} (the caller's
 * current principal), {@code Connection}, {@code JsonObject} (the raw payload), or any other type,
 * decoded from the payload with JSON-B. The return value (if any) is the result payload.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Handles {
    /** The message {@code type}, e.g. {@code chat.send}. */
    String value();
}
