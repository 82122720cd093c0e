package dev.wsjwt.dispatch;

import java.util.Objects;

/**
 * A service whose handlers are declared on {@code declaredBy} rather than on the instance's own
 * class: a CDI bean reached through its client proxy.
 */
public record ServiceInstance(Object instance, Class<?> declaredBy) {
    public ServiceInstance {
        Objects.requireNonNull(instance);
        Objects.requireNonNull(declaredBy);
        if (!declaredBy.isInstance(instance)) {
            throw new IllegalArgumentException(instance.getClass() + " is not a " + declaredBy);
        }
    }
}
