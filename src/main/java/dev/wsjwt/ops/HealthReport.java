package dev.wsjwt.ops;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;

/**
 * A readiness or liveness answer in MicroProfile Health's shape: the overall status is UP only
 * when every check is.
 */
public record HealthReport(List<Check> checks) {

    /** One named check with its data (numbers, booleans or strings). */
    public record Check(String name, boolean up, Map<String, Object> data) {
    }

    public boolean up() {
        return checks.stream().allMatch(Check::up);
    }

    /** {@code {"status":"UP","checks":[{"name":..,"status":..,"data":{..}}]}}. */
    public String toJson() {
        var array = Json.createArrayBuilder();
        for (Check check : checks) {
            JsonObjectBuilder data = Json.createObjectBuilder();
            check.data().forEach((key, value) -> {
                if (value instanceof Boolean b) {
                    data.add(key, b);
                } else if (value instanceof Long || value instanceof Integer) {
                    data.add(key, ((Number) value).longValue());
                } else {
                    data.add(key, String.valueOf(value));
                }
            });
            array.add(Json.createObjectBuilder().add("name", check.name()).add("status", check.up() ? "UP" : "DOWN")
                    .add("data", data));
        }
        return Json.createObjectBuilder().add("status", up() ? "UP" : "DOWN").add("checks", array).build().toString();
    }
}
