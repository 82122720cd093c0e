package dev.wsjwt.standalone;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pull reader on the OpenTelemetry SDK that renders what it collects in the Prometheus text
 * format (0.0.4), for the management port's {@code GET /metrics}. Cumulative, as Prometheus
 * expects. Names follow the OpenTelemetry-to-Prometheus convention: dots become underscores,
 * a unit of seconds adds {@code _seconds}, a monotonic sum adds {@code _total}.
 */
final class PrometheusScrape implements MetricReader {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private volatile CollectionRegistration registration;

    @Override
    public void register(CollectionRegistration registration) {
        this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        registration = null;
        return CompletableResultCode.ofSuccess();
    }

    /** Collects every instrument now and renders it. */
    String scrape() {
        CollectionRegistration current = registration;
        if (current == null) {
            return "";
        }
        List<MetricData> metrics = new ArrayList<>(current.collectAllMetrics());
        metrics.sort(Comparator.comparing(MetricData::getName));
        StringBuilder out = new StringBuilder(4096);
        for (MetricData metric : metrics) {
            render(metric, out);
        }
        return out.toString();
    }

    private static void render(MetricData metric, StringBuilder out) {
        String base = baseName(metric);
        switch (metric.getType()) {
            case LONG_SUM -> {
                boolean counter = metric.getLongSumData().isMonotonic();
                String name = counter ? base + "_total" : base;
                header(out, name, metric.getDescription(), counter ? "counter" : "gauge");
                for (LongPointData point : sorted(metric.getLongSumData().getPoints())) {
                    sample(out, name, point.getAttributes(), Map.of(), Long.toString(point.getValue()));
                }
            }
            case DOUBLE_SUM -> {
                boolean counter = metric.getDoubleSumData().isMonotonic();
                String name = counter ? base + "_total" : base;
                header(out, name, metric.getDescription(), counter ? "counter" : "gauge");
                for (DoublePointData point : sorted(metric.getDoubleSumData().getPoints())) {
                    sample(out, name, point.getAttributes(), Map.of(), number(point.getValue()));
                }
            }
            case LONG_GAUGE -> {
                header(out, base, metric.getDescription(), "gauge");
                for (LongPointData point : sorted(metric.getLongGaugeData().getPoints())) {
                    sample(out, base, point.getAttributes(), Map.of(), Long.toString(point.getValue()));
                }
            }
            case DOUBLE_GAUGE -> {
                header(out, base, metric.getDescription(), "gauge");
                for (DoublePointData point : sorted(metric.getDoubleGaugeData().getPoints())) {
                    sample(out, base, point.getAttributes(), Map.of(), number(point.getValue()));
                }
            }
            case HISTOGRAM -> {
                header(out, base, metric.getDescription(), "histogram");
                for (HistogramPointData point : sorted(metric.getHistogramData().getPoints())) {
                    long cumulative = 0;
                    List<Double> bounds = point.getBoundaries();
                    List<Long> counts = point.getCounts();
                    for (int i = 0; i < counts.size(); i++) {
                        cumulative += counts.get(i);
                        String le = i < bounds.size() ? number(bounds.get(i)) : "+Inf";
                        sample(out, base + "_bucket", point.getAttributes(), Map.of("le", le), Long.toString(cumulative));
                    }
                    sample(out, base + "_sum", point.getAttributes(), Map.of(), number(point.getSum()));
                    sample(out, base + "_count", point.getAttributes(), Map.of(), Long.toString(point.getCount()));
                }
            }
            default -> {
                // exponential histograms and summaries: wsjwt records none
            }
        }
    }

    private static String baseName(MetricData metric) {
        String name = metric.getName().replaceAll("[^a-zA-Z0-9_:]", "_");
        return "s".equals(metric.getUnit()) && !name.endsWith("_seconds") ? name + "_seconds" : name;
    }

    private static <P extends PointData> List<P> sorted(Collection<P> points) {
        List<P> list = new ArrayList<>(points);
        list.sort(Comparator.comparing(p -> p.getAttributes().toString()));
        return list;
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Attributes attributes, Map<String, String> extra, String value) {
        out.append(name);
        Map<String, String> labels = new TreeMap<>();
        attributes.forEach((AttributeKey<?> key, Object v) -> labels.put(key.getKey().replaceAll("[^a-zA-Z0-9_]", "_"), String.valueOf(v)));
        labels.putAll(extra);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(label.getValue().replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
