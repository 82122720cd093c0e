package dev.wsjwt.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.MessageEndpoint;
import dev.wsjwt.WsjwtConfigurator;
import dev.wsjwt.dispatch.Handles;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.ServletContext;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the initializer decides from the classes the container hands it, before it reads any
 * setting: nothing at all for an application without wsjwt endpoints, and one line naming the
 * class for declarations it cannot serve. (Deployments on Payara and WildFly: ExampleIT,
 * LibraryOnlyIT.)
 */
class WsjwtInitializerTest {

    @MessageEndpoint("/ws/shared")
    public static class Messages {
        @Handles("x")
        @PermitAll
        public void x() {
        }
    }

    @ServerEndpoint(value = "/ws/shared", configurator = WsjwtConfigurator.class)
    public static class Annotated {
        @OnOpen
        public void open(Session session) {
        }
    }

    @ServerEndpoint(value = "/ws/no-open", configurator = WsjwtConfigurator.class)
    public static class WithoutOpen {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @ServerEndpoint(value = "/ws/final", configurator = WsjwtConfigurator.class)
    public static final class Final {
        @OnOpen
        public void open(Session session) {
        }
    }

    @MessageEndpoint("/ws/both")
    @ServerEndpoint(value = "/ws/both", configurator = WsjwtConfigurator.class)
    public static class Both {
        @OnOpen
        public void open(Session session) {
        }
    }

    @ServerEndpoint("/ws/plain")
    public static class Plain {
    }

    /** Records what the initializer asks of the servlet context; answers nothing. */
    private static ServletContext context(List<String> calls) {
        return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("getClassLoader")) {
                        return WsjwtInitializerTest.class.getClassLoader();
                    }
                    return null;
                });
    }

    private static IllegalStateException refused(Class<?>... classes) {
        return assertThrows(IllegalStateException.class,
                () -> new WsjwtInitializer().onStartup(new LinkedHashSet<>(List.of(classes)), context(new ArrayList<>())));
    }

    @Test
    void anApplicationWithoutWsjwtEndpointsGetsNothing() {
        List<String> calls = new ArrayList<>();
        new WsjwtInitializer().onStartup(Set.of(Plain.class), context(calls));
        new WsjwtInitializer().onStartup(null, context(calls));
        assertEquals(List.of(), calls, "no filter, listener, attribute or setting for an application without wsjwt endpoints");
    }

    @Test
    void aPathUsedByBothStylesFailsNamingBothClasses() {
        IllegalStateException e = refused(Messages.class, Annotated.class);
        assertTrue(e.getMessage().contains("/ws/shared"), e.getMessage());
        assertTrue(e.getMessage().contains(Messages.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(Annotated.class.getName()), e.getMessage());
    }

    @Test
    void anAnnotatedEndpointWithoutOnOpenSessionFailsNamingIt() {
        IllegalStateException e = refused(WithoutOpen.class);
        assertTrue(e.getMessage().contains(WithoutOpen.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("@OnOpen"), e.getMessage());
    }

    @Test
    void aFinalAnnotatedEndpointFailsNamingIt() {
        IllegalStateException e = refused(Final.class);
        assertTrue(e.getMessage().contains(Final.class.getName() + " is final"), e.getMessage());
    }

    @Test
    void aClassWithBothAnnotationsFailsNamingIt() {
        IllegalStateException e = refused(Both.class);
        assertTrue(e.getMessage().contains(Both.class.getName()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
