package dev.wsjwt.dispatch;

import dev.wsjwt.WebSocketConnection;
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
    private final Access access;
    private final Object service;
    private final Method method;
    private final List<Function<Call, Object>> arguments;
    private final boolean mayBlock;

    private final String where;

    private HandlerMethod(String type, Access access, Object service, Method method,
                          List<Function<Call, Object>> arguments, String where) {
        this.mayBlock = !method.isAnnotationPresent(NonBlocking.class);
        this.type = type;
        this.access = access;
        this.where = where;
        this.service = service;
        this.method = method;
        this.arguments = arguments;
    }

    static List<HandlerMethod> scan(Object service, Jsonb jsonb) {
        return scan(service, service.getClass(), jsonb);
    }

    /**
     * The handlers {@code declared} declares, invoked on {@code service}: a CDI bean's client
     * proxy is a subclass whose methods carry no annotations, so the bean class is scanned.
     */
    static List<HandlerMethod> scan(Object service, Class<?> declared, Jsonb jsonb) {
        List<HandlerMethod> found = new ArrayList<>();
        for (Method method : declared.getMethods()) {
            Handles handles = method.getAnnotation(Handles.class);
            if (handles == null) {
                continue;
            }
            String where = declared.getName() + "." + method.getName();
            if (handles.value().isBlank()) {
                throw new IllegalStateException(where + " has a blank @Handles");
            }
            Access access = Access.of(method, declared, where, handles.value());
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalStateException(where + " is static; handlers are instance methods");
            }
            method.trySetAccessible();
            List<Function<Call, Object>> arguments = new ArrayList<>();
            boolean payloadTaken = false;
            for (Parameter parameter : method.getParameters()) {
                Function<Call, Object> argument = argument(parameter.getType(), jsonb, handles.value());
                if (argument == null) {
                    if (payloadTaken) {
                        throw new IllegalStateException(where + ": parameter '" + parameter.getName() + "' ("
                                + parameter.getType().getSimpleName() + ") is a second payload parameter; a handler "
                                + "takes at most one payload, beside JsonWebToken and WebSocketConnection");
                    }
                    requireDecodable(parameter, where);
                    payloadTaken = true;
                    argument = payload(parameter.getType(), jsonb, handles.value());
                }
                arguments.add(argument);
            }
            found.add(new HandlerMethod(handles.value(), access, service, method, List.copyOf(arguments), where));
        }
        return found;
    }

    /** The filler of a parameter wsjwt supplies, or null for the payload parameter. */
    private static Function<Call, Object> argument(Class<?> type, Jsonb jsonb, String messageType) {
        if (type == JwtPrincipal.class || type == JsonWebToken.class) {
            return Call::principal;
        }
        if (type == Connection.class || type == WebSocketConnection.class) {
            return Call::connection;
        }
        if (type == JsonObject.class) {
            return Call::payload;
        }
        return null;
    }

    /** A payload parameter must be something JSON-B can build from a JSON object. */
    private static void requireDecodable(Parameter parameter, String where) {
        Class<?> type = parameter.getType();
        boolean concrete = !type.isInterface() && !Modifier.isAbstract(type.getModifiers()) && !type.isPrimitive()
                && !type.isArray() && !type.isEnum() && type != String.class && !Number.class.isAssignableFrom(type)
                && type != Boolean.class && type != Object.class && !type.getName().startsWith("jakarta.websocket.");
        if (!concrete) {
            throw new IllegalStateException(where + ": cannot resolve parameter '" + parameter.getName() + "' of type "
                    + type.getName() + "; a handler takes JsonWebToken, WebSocketConnection, JsonObject (the payload) "
                    + "or one class or record decoded from the payload");
        }
    }

    private static Function<Call, Object> payload(Class<?> type, Jsonb jsonb, String messageType) {
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

    Access access() {
        return access;
    }

    /** {@code Class.method}, for errors at start-up. */
    String where() {
        return where;
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
