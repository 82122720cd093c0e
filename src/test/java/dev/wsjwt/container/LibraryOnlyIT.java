package dev.wsjwt.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * A WAR holding only the library (and its run-time jars), with no wsjwt setting at all: it
 * deploys, and publishes nothing — neither the demo chat nor any other wsjwt endpoint. One
 * deployment (Payara's adapter boots a JVM per deployment).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibraryOnlyIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ExampleDeployments.libraryOnly("wsjwt-library-only.war");
    }

    @ArquillianResource
    URL base;

    String context;

    @BeforeEach
    void address() {
        context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
    }

    @Test
    void deploysAndIsServed() throws Exception {
        // Payara Micro answers 404 for a deployment that failed too: the static file tells them apart.
        HttpResponse<String> alive = get("alive.txt");
        assertEquals(200, alive.statusCode());
        assertEquals("library only\n", alive.body());
    }

    @Test
    void publishesNothing() throws Exception {
        for (String path : List.of("ws/chat", "ws/orders", "ws/echo", "index.html")) {
            assertEquals(404, get(path).statusCode(), path);
        }
    }

    @Test
    void acceptsNoWebSocketUpgrade() {
        for (String path : List.of("ws/chat", "ws/orders")) {
            URI ws = URI.create("ws://127.0.0.1:" + base.getPort() + context + path);
            WsClient.Refusal refusal = WsClient.refused(ws, Map.of("Authorization", "Bearer " + TokenBuilder.token("nobody").sign()));
            assertEquals(404, refusal.status(), ws::toString);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + base.getPort() + context + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
