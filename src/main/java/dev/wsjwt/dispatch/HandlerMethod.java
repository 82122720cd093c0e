package dev.wsjwt.dispatch;

import dev.wsjwt.session.Connection;
import dev.wsjwt.token.JwtPrincipal;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** One {@link Handles} method, with its declared permission and how to fill its parameters. */
final class HandlerMethod {

    /** What a parameter is filled from. */
    private record Call(Connection connection, JwtPrincipal principal, JsonObject payload) {
    }

    private final String type;
    private final Optional<String> permission;
    private final Object service;
    private final Method method;
    private final List<Function<Call, Object>> arguments;
    private final boolean mayBlock;

    private HandlerMethod(String type, Optional<String> permission, Object service, Method method,
                          List<Function<Call, Object>> arguments) {
        this.mayBlock = !method.isAnnotationPresent(NonBlocking.class);
        this.type = type;
        this.permission = permission;
        this.service = service;
        this.method = method;
        this.arguments = arguments;
    }

    static List<HandlerMethod> scan(Object service, Jsonb jsonb) {
        List<HandlerMethod> found = new ArrayList<>();
        for (Method method : service.getClass().getMethods()) {
            Handles handles = method.getAnnotation(Handles.class);
            if (handles == null) {
                continue;
            }
            RequiresPermission requires = method.getAnnotation(RequiresPermission.class);
            boolean open = method.isAnnotationPresent(AnyAuthenticated.class);
            String where = service.getClass().getName() + "." + method.getName();
            if (requires == null && !open) {
                throw new IllegalStateException(where + " handles '" + handles.value()
                        + "' but declares no permission: add @RequiresPermission, or @AnyAuthenticated to open it deliberately");
            }
            if (requires != null && open) {
                throw new IllegalStateException(where + " has both @RequiresPermission and @AnyAuthenticated");
            }
            if (requires != null && requires.value().isBlank()) {
                throw new IllegalStateException(where + " has a blank @RequiresPermission");
            }
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalStateException(where + " is static; handlers are instance methods");
            }
            method.trySetAccessible();
            List<Function<Call, Object>> arguments = new ArrayList<>();
            for (Parameter parameter : method.getParameters()) {
                arguments.add(argument(parameter.getType(), jsonb, handles.value()));
            }
            found.add(new HandlerMethod(handles.value(), Optional.ofNullable(requires).map(RequiresPermission::value),
                    service, method, List.copyOf(arguments)));
        }
        return found;
    }

    private static Function<Call, Object> argument(Class<?> type, Jsonb jsonb, String messageType) {
        if (type == JwtPrincipal.class || type == JsonWebToken.class) {
            return Call::principal;
        }
        if (type == Connection.class) {
            return Call::connection;
        }
        if (type == JsonObject.class) {
            return Call::payload;
        }
        return call -> {
            requireScalarKinds(type, call.payload());
            try {
                return jsonb.fromJson(call.payload().toString(), type);
            } catch (JsonbException e) {
                throw MessageException.badRequest("payload does not fit " + messageType);
            }
        };
    }

    /**
     * JSON-B coerces scalars (Yasson reads {@code "room": 42} into the String "42"); a record
     * component's field of another JSON kind is the client's mistake, answered as bad_request.
     */
    private static void requireScalarKinds(Class<?> type, JsonObject payload) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JsonbProperty renamed = component.getAccessor().getAnnotation(JsonbProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
            JsonValue value = payload.get(name);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            Optional<String> expected = expectedKind(component.getType(), value.getValueType());
            if (expected.isPresent()) {
                throw MessageException.badRequest("payload." + name + " must be " + expected.get());
            }
        }
    }

    /** The kind a scalar Java type needs when the JSON value is not of it; empty when it fits or is not a scalar. */
    private static Optional<String> expectedKind(Class<?> type, JsonValue.ValueType actual) {
        if (type == String.class || type == char.class || type == Character.class) {
            return actual == JsonValue.ValueType.STRING ? Optional.empty() : Optional.of("a string");
        }
        if (type == boolean.class || type == Boolean.class) {
            return actual == JsonValue.ValueType.TRUE || actual == JsonValue.ValueType.FALSE
                    ? Optional.empty() : Optional.of("a boolean");
        }
        if ((type.isPrimitive() && type != void.class) || Number.class.isAssignableFrom(type)) {
            return actual == JsonValue.ValueType.NUMBER ? Optional.empty() : Optional.of("a number");
        }
        return Optional.empty();
    }

    String type() {
        return type;
    }

    Optional<String> permission() {
        return permission;
    }

    /** False only when the method is declared {@link NonBlocking}. */
    boolean mayBlock() {
        return mayBlock;
    }

    Object invoke(Connection connection, JwtPrincipal principal, JsonObject payload) throws Exception {
        Call call = new Call(connection, principal, payload);
        Object[] args = new Object[arguments.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = arguments.get(i).apply(call);
        }
        try {
            return method.invoke(service, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }
}
