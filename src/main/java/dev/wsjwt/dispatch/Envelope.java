package dev.wsjwt.dispatch;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Optional;

/** One client message: {@code {"type","id","payload"}}. */
public record Envelope(String type, Optional<String> id, JsonObject payload) {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_TYPE_LENGTH = 64;

    /** Parses a text frame; a malformed one is a {@link MalformedMessageException} saying what is wrong. */
    static Envelope parse(JsonProvider json, String text) {
        JsonValue value;
        try (var reader = json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedMessageException("not valid JSON", Optional.empty());
        } catch (RuntimeException e) {
            // Parsers refuse hostile input with their own exceptions (Parsson: a bare
            // RuntimeException past 1000 nesting levels); it is still the client's malformed message.
            throw new MalformedMessageException("not acceptable JSON (nested too deeply?)", Optional.empty());
        }
        if (!(value instanceof JsonObject object)) {
            throw new MalformedMessageException("a message is a JSON object", Optional.empty());
        }
        Optional<String> id = Optional.empty();
        JsonValue rawId = object.get("id");
        if (rawId != null && rawId != JsonValue.NULL) {
            if (!(rawId instanceof JsonString s) || s.getString().length() > MAX_ID_LENGTH) {
                throw new MalformedMessageException("id must be a string of at most " + MAX_ID_LENGTH + " characters", Optional.empty());
            }
            id = Optional.of(s.getString());
        }
        JsonValue rawType = object.get("type");
        if (!(rawType instanceof JsonString t) || t.getString().isEmpty() || t.getString().length() > MAX_TYPE_LENGTH) {
            throw new MalformedMessageException("type is required (a short string)", id);
        }
        JsonValue rawPayload = object.get("payload");
        if (rawPayload != null && rawPayload != JsonValue.NULL && !(rawPayload instanceof JsonObject)) {
            throw new MalformedMessageException("payload must be a JSON object", id);
        }
        JsonObject payload = rawPayload instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        return new Envelope(t.getString(), id, payload);
    }
}
