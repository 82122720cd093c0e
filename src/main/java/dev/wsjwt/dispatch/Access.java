package dev.wsjwt.dispatch;

import dev.wsjwt.token.JwtPrincipal;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call one handler, from its annotations: {@link RequiresPermission} or
 * {@code @RolesAllowed} (any one of the listed permissions), {@link AnyAuthenticated} or
 * {@code @PermitAll} (every authenticated session), {@code @DenyAll} (nobody). A handler must
 * declare exactly one of them: no declaration is a deployment error, never an open door.
 */
sealed interface Access {

    /** Empty when {@code principal} may call; else the forbidden reply's message. */
    Optional<String> refusal(JwtPrincipal principal);

    record AnyOf(List<String> permissions) implements Access {
        @Override
        public Optional<String> refusal(JwtPrincipal principal) {
            for (String permission : permissions) {
                if (principal.hasPermission(permission)) {
                    return Optional.empty();
                }
            }
            return Optional.of(permissions.size() == 1
                    ? "missing permission '" + permissions.get(0) + "'"
                    : "missing permission: one of " + permissions.stream().map(p -> "'" + p + "'")
                            .collect(Collectors.joining(", ")));
        }
    }

    record Authenticated() implements Access {
        @Override
        public Optional<String> refusal(JwtPrincipal principal) {
            return Optional.empty();
        }
    }

    record Nobody() implements Access {
        @Override
        public Optional<String> refusal(JwtPrincipal principal) {
            return Optional.of("this message type is denied to every caller");
        }
    }

    /**
     * The access {@code method} declares; a method-level declaration wins over the class's
     * ({@code @RolesAllowed} and friends may sit on the class, as in Jakarta Security).
     *
     * @param where {@code Class.method}, for the deployment error
     */
    static Access of(Method method, Class<?> declaring, String where, String type) {
        List<Access> onMethod = declared(method.getAnnotation(RequiresPermission.class),
                method.isAnnotationPresent(AnyAuthenticated.class), method.getAnnotation(RolesAllowed.class),
                method.isAnnotationPresent(PermitAll.class), method.isAnnotationPresent(DenyAll.class), where);
        if (onMethod.size() == 1) {
            return onMethod.get(0);
        }
        if (onMethod.size() > 1) {
            throw new IllegalStateException(where + " declares more than one of @RequiresPermission, @AnyAuthenticated, "
                    + "@RolesAllowed, @PermitAll, @DenyAll");
        }
        List<Access> onClass = declared(null, false, declaring.getAnnotation(RolesAllowed.class),
                declaring.isAnnotationPresent(PermitAll.class), declaring.isAnnotationPresent(DenyAll.class),
                declaring.getName());
        if (onClass.size() == 1) {
            return onClass.get(0);
        }
        if (onClass.size() > 1) {
            throw new IllegalStateException(declaring.getName() + " declares more than one of @RolesAllowed, @PermitAll, @DenyAll");
        }
        throw new IllegalStateException(where + " handles '" + type + "' but declares no permission: add @RequiresPermission or @RolesAllowed, "
                + "or @AnyAuthenticated / @PermitAll to open it deliberately to every authenticated session");
    }

    private static List<Access> declared(RequiresPermission requires, boolean anyAuthenticated, RolesAllowed roles,
                                         boolean permitAll, boolean denyAll, String where) {
        List<Access> found = new ArrayList<>();
        if (requires != null) {
            if (requires.value().isBlank()) {
                throw new IllegalStateException(where + " has a blank @RequiresPermission");
            }
            found.add(new AnyOf(List.of(requires.value())));
        }
        if (roles != null) {
            Set<String> permissions = new LinkedHashSet<>(List.of(roles.value()));
            if (permissions.isEmpty() || permissions.stream().anyMatch(String::isBlank)) {
                throw new IllegalStateException(where + " has @RolesAllowed with no permission or a blank one: "
                        + "list at least one, or use @DenyAll to deny everyone");
            }
            found.add(new AnyOf(List.copyOf(permissions)));
        }
        if (anyAuthenticated || permitAll) {
            found.add(new Authenticated());
        }
        if (denyAll) {
            found.add(new Nobody());
        }
        return found;
    }
}
