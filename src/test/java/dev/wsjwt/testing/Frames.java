package dev.wsjwt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Building payloads and asserting the contract's reply frames, with the whole frame in the failure message. */
public final class Frames {

    private Frames() {
    }

    /** A payload of string fields: {@code payload("room", "r", "text", "hi")}. */
    public static JsonObject payload(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        JsonObjectBuilder builder = Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Asserts a {@code result} frame and returns its payload. */
    public static JsonObject result(JsonObject frame) {
        assertEquals("result", frame.getString("type", null), () -> "expected a result: " + frame);
        return frame.getJsonObject("payload");
    }

    /** Asserts an {@code error} frame with {@code code} and a human message, and returns its error object. */
    public static JsonObject error(JsonObject frame, String code) {
        assertEquals("error", frame.getString("type", null), () -> "expected an error: " + frame);
        JsonObject error = frame.getJsonObject("error");
        assertEquals(code, error.getString("code"), () -> "error code of " + frame);
        assertFalse(error.getString("message", "").isBlank(), () -> "error without a message: " + frame);
        return error;
    }

    /** Asserts the close code and reason. */
    public static void closed(WsClient.Close close, int code, String reason) {
        assertEquals(new WsClient.Close(code, reason), close);
    }
}
