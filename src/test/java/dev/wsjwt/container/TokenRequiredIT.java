package dev.wsjwt.container;

import static dev.wsjwt.container.ContainerDeployments.bearerChallenge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.WsClient;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without the {@code message} transport a token is required at the upgrade: a missing one is a
 * 401 (with {@code message} enabled the connection would open and wait for {@code auth}). Its own
 * class because Payara's adapter runs one deployment per JVM.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenRequiredIT {

    static final String MISSING = "missing token (accepted in: [header, query, subprotocol])";

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> settings = ContainerDeployments.verifying();
        settings.put("wsjwt.token.transports", "header,subprotocol,query");
        return ContainerDeployments.war("wsjwt-required.war", settings);
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void address() {
        ws = ContainerDeployments.ws(base);
    }

    @Test
    void refusesMissingTokenWith401AndReason() {
        assertEquals(new WsClient.Refusal(401, bearerChallenge(MISSING)), WsClient.refused(ws, Map.of()));
    }

    @Test
    void refusesBearerSubprotocolWithoutApplicationProtocol() {
        WsClient.Refusal refusal = WsClient.refused(ws, Map.of(), "bearer.abc");
        assertEquals(401, refusal.status());
    }

    @Test
    void clientIgnoringTheMissingTokenRefusalIsServedNothing() throws Exception {
        RefusalIgnoringClient.Answer answer = RefusalIgnoringClient.send(ws, Map.of(), "{\"type\":\"whoami\",\"id\":\"raw\"}",
                Duration.ofSeconds(3));
        System.out.printf("[%s] raw client after a refused upgrade: closed=%s, received=%n%s%n",
                ContainerDeployments.RUNTIME, answer.closedByServer(), answer.bytes());
        assertTrue(answer.statusLine().startsWith("HTTP/1.1 401"), answer.statusLine());
        assertTrue(answer.bytes().contains(bearerChallenge(MISSING)), answer.bytes());
        assertFalse(answer.bytes().contains(" 101 "), "no upgrade");
        assertFalse(answer.bytes().contains("raw"), "no reply to the frame");
        assertFalse(answer.bytes().indexOf((char) 0x81) >= 0 || answer.bytes().indexOf((char) 0x88) >= 0, "no WebSocket frame");
    }
}
