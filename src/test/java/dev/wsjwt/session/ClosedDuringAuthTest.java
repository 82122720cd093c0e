package dev.wsjwt.session;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.handshake.HandshakeDecision;
import dev.wsjwt.testing.Verifiers;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A first-message {@code auth} whose verification finishes after the connection closed (the
 * client gave up while keys were fetched) must not leave the closed connection indexed under
 * its subject, where kicks, revocations and fan-out would keep finding it.
 */
class ClosedDuringAuthTest {

    private final Wsjwt wsjwt = Wsjwt.create(Verifiers.settings(Map.of()), Clock.systemUTC());

    @AfterEach
    void close() {
        wsjwt.close();
    }

    @Test
    void authCompletingAfterTheCloseLeavesNothingIndexed() {
        SessionManager sessions = wsjwt.sessionManager();
        Connection connection = sessions.open(session("s-1"), HandshakeDecision.awaitAuthMessage()).orElseThrow();
        sessions.closed(connection, null); // the runtime reports the close while auth is being verified

        sessions.authenticate(connection, token("alice").sign());

        assertEquals(List.of(), sessions.registry().bySubject("alice"));
        assertEquals(0, sessions.registry().subjectCount());
        assertEquals(0, sessions.registry().size());
    }

    @Test
    void authOfAnOpenConnectionIsIndexedAndLeavesWithIt() {
        SessionManager sessions = wsjwt.sessionManager();
        Connection connection = sessions.open(session("s-2"), HandshakeDecision.awaitAuthMessage()).orElseThrow();
        assertInstanceOf(SessionManager.AuthResult.Authenticated.class, sessions.authenticate(connection, token("bob").sign()));
        assertEquals(List.of(connection), sessions.registry().bySubject("bob"));

        sessions.closed(connection, null);
        assertEquals(List.of(), sessions.registry().bySubject("bob"));
    }

    /** A session that is open, has an id and user properties, and ignores everything else. */
    private static Session session(String id) {
        Map<String, Object> properties = new HashMap<>();
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getUserProperties" -> properties;
                    case "isOpen" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Session[" + id + "]";
                    default -> zero(method.getReturnType());
                });
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        return type == long.class ? (Object) 0L : null;
    }
}
