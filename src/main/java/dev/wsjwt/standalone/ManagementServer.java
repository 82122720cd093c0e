package dev.wsjwt.standalone;

import dev.wsjwt.config.ServerSettings;
import dev.wsjwt.ops.Health;
import dev.wsjwt.ops.HealthReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

/**
 * The standalone server's management listener, apart from the public port: {@code GET /metrics}
 * (Prometheus text, when metrics are on), {@code GET /health}, {@code /health/live},
 * {@code /health/ready} (MicroProfile Health JSON, {@code 503} when DOWN). Loopback by default;
 * a client not on loopback gets {@code 403} unless {@code wsjwt.management.allow-remote}.
 */
final class ManagementServer implements AutoCloseable {

    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;

    ManagementServer(ServerSettings.Management settings, Health health, Optional<PrometheusScrape> metrics) {
        listener = new NetworkListener("wsjwt-management", settings.host(), settings.port());
        // A scrape every few seconds: one selector and one worker are plenty, and stay off the public port's threads.
        listener.getTransport().setSelectorRunnersCount(1);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("wsjwt-management").setCorePoolSize(1).setMaxPoolSize(1));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new Handler(settings.allowRemote(), health, metrics), "/");
    }

    ManagementServer start() throws IOException {
        http.start();
        return this;
    }

    int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    /** Whether a client at {@code address} may read the management endpoints. */
    static boolean admits(String address, boolean allowRemote) {
        if (allowRemote) {
            return true;
        }
        try {
            // A literal address from the socket: no lookup happens.
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static final class Handler extends HttpHandler {
        private final boolean allowRemote;
        private final Health health;
        private final Optional<PrometheusScrape> metrics;

        Handler(boolean allowRemote, Health health, Optional<PrometheusScrape> metrics) {
            this.allowRemote = allowRemote;
            this.health = health;
            this.metrics = metrics;
        }

        @Override
        public void service(Request request, Response response) throws IOException {
            if (!admits(request.getRemoteAddr(), allowRemote)) {
                send(response, 403, "text/plain; charset=utf-8", "management endpoints answer loopback clients only\n");
                return;
            }
            if (request.getMethod() != Method.GET && request.getMethod() != Method.HEAD) {
                response.setHeader("Allow", "GET, HEAD");
                send(response, 405, "text/plain; charset=utf-8", "GET only\n");
                return;
            }
            String path = request.getRequestURI();
            switch (path) {
                case "/metrics" -> {
                    if (metrics.isPresent()) {
                        send(response, 200, PrometheusScrape.CONTENT_TYPE, metrics.get().scrape());
                    } else {
                        send(response, 404, "text/plain; charset=utf-8", "metrics are off (wsjwt.metrics.enabled=false)\n");
                    }
                }
                case "/health" -> health(response, () -> new HealthReport(java.util.stream.Stream.concat(
                        health.liveness().checks().stream(), health.readiness().checks().stream()).toList()));
                case "/health/live" -> health(response, health::liveness);
                case "/health/ready" -> health(response, health::readiness);
                default -> send(response, 404, "text/plain; charset=utf-8", "not found\n");
            }
        }

        private static void health(Response response, Supplier<HealthReport> report) throws IOException {
            HealthReport answer = report.get();
            send(response, answer.up() ? 200 : 503, "application/json", answer.toJson());
        }

        private static void send(Response response, int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType(contentType);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
