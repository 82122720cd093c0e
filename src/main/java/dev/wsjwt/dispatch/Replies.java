package dev.wsjwt.dispatch;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.spi.JsonProvider;
import java.util.Optional;

/**
 * Builds the contract's outgoing frames: {@code result}, {@code error} and server pushes.
 *
 * <p>A frame is written as text around the payload's own JSON: JSON-B's output (or a JSON-P
 * value's) goes in as it is, never parsed back into a tree and serialized again, which once
 * cost a sixth of the server's time per {@code whoami}. Strings from outside (ids, types,
 * messages) are always written through JSON-P, so they are escaped.
 */
public final class Replies {

    private final JsonProvider json;
    private final Jsonb jsonb;

    public Replies(JsonProvider json, Jsonb jsonb) {
        this.json = json;
        this.jsonb = jsonb;
    }

    public String result(Optional<String> id, Object payload) {
        return frame("result", id).append(",\"payload\":").append(payloadJson(payload)).append('}').toString();
    }

    public String error(Optional<String> id, ErrorCode code, String message) {
        return frame("error", id).append(",\"error\":")
                .append(json.createObjectBuilder().add("code", code.wireName()).add("message", message).build())
                .append('}').toString();
    }

    /** A server push, {@code {"type","payload"}}. */
    public String push(String type, Object payload) {
        return frame(type, Optional.empty()).append(",\"payload\":").append(payloadJson(payload)).append('}').toString();
    }

    private String payloadJson(Object value) {
        if (value == null) {
            return "{}";
        }
        if (value instanceof JsonText text) {
            return text.json();
        }
        if (value instanceof JsonValue jsonValue) {
            return jsonValue.toString();
        }
        return jsonb.toJson(value);
    }

    private StringBuilder frame(String type, Optional<String> id) {
        StringBuilder out = new StringBuilder(128).append("{\"type\":");
        switch (type) {
            // The two every reply starts with, written without escaping what needs none.
            case "result" -> out.append("\"result\"");
            case "error" -> out.append("\"error\"");
            default -> out.append(json.createValue(type));
        }
        id.ifPresent(value -> out.append(",\"id\":").append(json.createValue(value)));
        return out;
    }
}
