package dev.wsjwt.container;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link SessionTrackingInterceptor} to an annotated endpoint's {@code @OnOpen} and
 * {@code @OnClose}; added by {@link OwnedEndpoints}, never written by users.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SessionTracked {

    final class Literal extends AnnotationLiteral<SessionTracked> implements SessionTracked {
        static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
