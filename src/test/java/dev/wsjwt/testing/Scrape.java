package dev.wsjwt.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One read of a Prometheus text endpoint, parsed into series: {@code name{k="v",...}} (labels in
 * key order) to value. Only what the exposition format needs for wsjwt's metrics.
 */
public final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Double> series;
    private final String text;

    private Scrape(String text) {
        this.text = text;
        this.series = parse(text);
    }

    /** GETs {@code http://127.0.0.1:<port>/metrics}. */
    public static Scrape of(int managementPort) {
        HttpResponse<String> response = get(managementPort, "/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics: " + response.statusCode() + " " + response.body());
        }
        return new Scrape(response.body());
    }

    /** A plain GET on the management port. */
    public static HttpResponse<String> get(int managementPort, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of {@code name} with exactly these labels; 0 when the series does not exist. */
    public double value(String name, String... labels) {
        return series.getOrDefault(key(name, labels), 0.0);
    }

    public boolean has(String name, String... labels) {
        return series.containsKey(key(name, labels));
    }

    /** Every series of the metric {@code name}. */
    public Map<String, Double> all(String name) {
        Map<String, Double> found = new TreeMap<>();
        series.forEach((key, value) -> {
            if (key.equals(name) || key.startsWith(name + "{")) {
                found.put(key, value);
            }
        });
        return found;
    }

    public int seriesCount() {
        return series.size();
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static String key(String name, String... labels) {
        if (labels.length == 0) {
            return name;
        }
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        StringBuilder key = new StringBuilder(name).append('{');
        sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        key.setLength(key.length() - 1);
        return key.append('}').toString();
    }

    private static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, space);
            String value = line.substring(space + 1);
            series.put(normalise(name), value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
        }
        return series;
    }

    /** Labels re-sorted by key, so lookups do not depend on the order the server wrote them in. */
    private static String normalise(String name) {
        int brace = name.indexOf('{');
        if (brace < 0) {
            return name;
        }
        Map<String, String> labels = new TreeMap<>();
        String body = name.substring(brace + 1, name.length() - 1);
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            String label = body.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (body.charAt(j) != '"') {
                if (body.charAt(j) == '\\') {
                    j++;
                }
                value.append(body.charAt(j++));
            }
            labels.put(label, value.toString());
            i = j + 2; // past the quote and the comma
        }
        String[] flat = new String[labels.size() * 2];
        int k = 0;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            flat[k++] = label.getKey();
            flat[k++] = label.getValue();
        }
        return key(name.substring(0, brace), flat);
    }
}
