package dev.wsjwt.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code wsjwt-standalone.jar}, run as a user runs it: started with {@code java -jar}
 * on an ephemeral port, a token from its development identity provider, a whoami over WebSocket.
 * Runs after {@code package} (failsafe), because it needs the jar.
 */
class StandaloneJarIT {

    private static final Pattern LISTENING = Pattern.compile("wsjwt listening: (ws://\\S+/ws/chat)");
    private static final Pattern MANAGEMENT = Pattern.compile("management: (http://\\S+)/metrics");

    @Test
    void packagedJarServesTokensAndAnswersWhoamiInFull() throws Exception {
        Path jar = Path.of("target", "wsjwt-standalone.jar");
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar + " is missing");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Dwsjwt.port=0", "-jar", jar.toString())
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> management = new CompletableFuture<>();
            URI ws = URI.create(listeningAddress(process, management).get(60, TimeUnit.SECONDS));
            URI token = URI.create(ws.toString().replace("ws://", "http://").replace("/ws/chat",
                    "/dev/token?sub=alice&permissions=chat:read&ttl=60"));
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            String accessToken = Json.createReader(new StringReader(response.body())).readObject().getString("access_token");

            try (WsClient client = WsClient.bearer(ws, accessToken)) {
                JsonObject whoami = client.request("whoami", null).getJsonObject("payload");
                // The jar once served records as {}: Yasson's record support is a multi-release class.
                assertEquals("alice", whoami.getString("sub", null), whoami.toString());
                assertEquals(Json.createArrayBuilder().add("chat:read").build(), whoami.getJsonArray("permissions"));
            }
            // The jar bundles the OpenTelemetry SDK behind its management port: the upgrade and the whoami are counted.
            String base = management.get(60, TimeUnit.SECONDS);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.body().contains("wsjwt_upgrades_total{outcome=\"accepted\",reason=\"none\",transport=\"header\"} 1\n"),
                    metrics.body());
            assertTrue(metrics.body().contains("wsjwt_messages_total{outcome=\"ok\",type=\"whoami\"} 1\n"), metrics.body());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Completes with the WebSocket address the jar prints, and {@code management} with its management
     * base address; keeps draining its output afterwards.
     */
    private static CompletableFuture<String> listeningAddress(Process process, CompletableFuture<String> management) {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        address.complete(matcher.group(1));
                    }
                    Matcher managed = MANAGEMENT.matcher(line);
                    if (managed.find()) {
                        management.complete(managed.group(1));
                    }
                }
                address.completeExceptionally(new IllegalStateException("the jar exited without listening"));
                management.completeExceptionally(new IllegalStateException("the jar printed no management address"));
            } catch (Exception e) {
                address.completeExceptionally(e);
            }
        }, "standalone-jar-output");
        reader.setDaemon(true);
        reader.start();
        return address;
    }
}
