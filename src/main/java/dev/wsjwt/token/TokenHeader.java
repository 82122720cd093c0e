package dev.wsjwt.token;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Optional;

/** Reads a compact JWS's header without verifying anything: for logs and metrics, never for a decision. */
public final class TokenHeader {

    private static final int MAX_HEADER_CHARS = 2048;

    private TokenHeader() {
    }

    /** The {@code kid} the token's header names, as sent (the caller makes it safe for its use); empty when there is none or it is unreadable. */
    public static Optional<String> kid(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(
                Base64.getUrlDecoder().decode(token.substring(0, dot))))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            JsonObject header = parser.getObject();
            JsonValue kid = header.get("kid");
            return kid instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not base64url, not JSON: nothing to name
        }
    }
}
