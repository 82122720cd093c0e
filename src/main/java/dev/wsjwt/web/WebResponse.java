package dev.wsjwt.web;

import jakarta.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer: status, headers, and a body that is JSON or empty. Always {@code Cache-Control: no-store}. */
public record WebResponse(int status, Map<String, String> headers, String body) {

    public WebResponse {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Cache-Control", "no-store");
        if (!body.isEmpty()) {
            all.putIfAbsent("Content-Type", "application/json");
        }
        headers = Map.copyOf(all);
    }

    static WebResponse empty(int status, Map<String, String> headers) {
        return new WebResponse(status, headers, "");
    }

    /** {@code {"error":..,"error_description":..}}, as OAuth 2.0 and Back-Channel Logout answer errors. */
    static WebResponse error(int status, String error, String description, Map<String, String> headers) {
        return new WebResponse(status, headers, Json.createObjectBuilder().add("error", error)
                .add("error_description", description).build().toString());
    }

    WebResponse with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new WebResponse(status, all, body);
    }
}
