package dev.wsjwt.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP (protobuf) receiver on a loopback ephemeral port, standing in for an OpenTelemetry
 * collector: keeps the sums a runtime exports, per metric of one instrumentation scope and
 * attribute set (cumulative points replace, delta points add). Traces and logs are accepted and
 * dropped.
 */
public final class OtlpReceiver implements AutoCloseable {

    private final String scope;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<String, Long> sums = new ConcurrentHashMap<>();
    private final AtomicInteger exports = new AtomicInteger();

    public OtlpReceiver(String scope) {
        this.scope = scope;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/metrics", this::metrics);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 200);
        });
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: {@code otel.exporter.otlp.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Metric exports received (from any scope). */
    public int exports() {
        return exports.get();
    }

    /** The sum of {@code metric} for exactly these attributes; 0 if never exported. */
    public long sum(String metric, Map<String, String> attributes) {
        return sums.getOrDefault(key(metric, new TreeMap<>(attributes)), 0L);
    }

    /** Every series received, for failure messages. */
    public String series() {
        return new TreeMap<>(sums).toString();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ExportMetricsServiceRequest request;
        try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body)) {
            request = ExportMetricsServiceRequest.parseFrom(in);
        } catch (IOException e) {
            answer(exchange, 400);
            return;
        }
        exports.incrementAndGet();
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            for (ScopeMetrics scoped : resource.getScopeMetricsList()) {
                if (scope.equals(scoped.getScope().getName())) {
                    scoped.getMetricsList().forEach(this::record);
                }
            }
        }
        answer(exchange, 200);
    }

    private void record(Metric metric) {
        if (!metric.hasSum()) {
            return;
        }
        boolean delta = metric.getSum().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
        for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
            Map<String, String> attributes = new TreeMap<>();
            for (KeyValue attribute : point.getAttributesList()) {
                attributes.put(attribute.getKey(), attribute.getValue().getStringValue());
            }
            long value = point.hasAsInt() ? point.getAsInt() : (long) point.getAsDouble();
            sums.merge(key(metric.getName(), attributes), value, delta ? Long::sum : (old, latest) -> latest);
        }
    }

    private static String key(String metric, Map<String, String> sortedAttributes) {
        return metric + sortedAttributes;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
