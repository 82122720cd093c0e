package dev.wsjwt.dispatch;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Optional;

/** Builds the contract's outgoing frames: {@code result}, {@code error} and server pushes. */
public final class Replies {

    private final JsonProvider json;
    private final Jsonb jsonb;

    public Replies(JsonProvider json, Jsonb jsonb) {
        this.json = json;
        this.jsonb = jsonb;
    }

    public String result(Optional<String> id, Object payload) {
        return frame("result", id).add("payload", toJson(payload)).build().toString();
    }

    public String error(Optional<String> id, ErrorCode code, String message) {
        return frame("error", id)
                .add("error", json.createObjectBuilder().add("code", code.wireName()).add("message", message))
                .build().toString();
    }

    /** A server push, {@code {"type","payload"}}. */
    public String push(String type, Object payload) {
        return frame(type, Optional.empty()).add("payload", toJson(payload)).build().toString();
    }

    /** Any handler result as JSON: JSON-P values as they are, other objects through JSON-B. */
    public JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value instanceof JsonValue jsonValue) {
            return jsonValue;
        }
        try (var reader = json.createReader(new StringReader(jsonb.toJson(value)))) {
            return reader.readValue();
        }
    }

    private JsonObjectBuilder frame(String type, Optional<String> id) {
        JsonObjectBuilder builder = json.createObjectBuilder().add("type", type);
        id.ifPresent(value -> builder.add("id", value));
        return builder;
    }
}
