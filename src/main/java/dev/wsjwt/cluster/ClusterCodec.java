package dev.wsjwt.cluster;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

/**
 * The wire format between nodes: {@code {"v":1,"node":..,"kind":..,...}}. Decoding is strict and
 * bounded; anything else is reported as garbage and dropped by the caller.
 */
final class ClusterCodec {

    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private static final int MAX_FIELD = 8 * 1024;

    /** A decoded message and the node that sent it. */
    record Envelope(String node, ClusterEvent event) {
    }

    private final JsonProvider json = JsonProvider.provider();

    String encode(String node, ClusterEvent event) {
        JsonObjectBuilder out = json.createObjectBuilder().add("v", 1).add("node", node);
        if (event instanceof ClusterEvent.GroupPush g) {
            out.add("kind", "group").add("group", g.group()).add("frame", g.frame());
            g.permission().ifPresent(permission -> out.add("permission", permission));
        } else if (event instanceof ClusterEvent.SubjectPush s) {
            out.add("kind", "subject").add("sub", s.subject()).add("frame", s.frame());
            s.permission().ifPresent(permission -> out.add("permission", permission));
        } else if (event instanceof ClusterEvent.Kick k) {
            out.add("kind", "kick").add("sub", k.subject()).add("code", k.code()).add("reason", k.reason());
        } else if (event instanceof ClusterEvent.Revocation r) {
            out.add("kind", "revoke").add("sub", r.subject()).add("at", r.notAfter().getEpochSecond());
        } else if (event instanceof ClusterEvent.Logout l) {
            out.add("kind", "logout").add("at", l.at().getEpochSecond());
            l.sid().ifPresent(sid -> out.add("sid", sid));
            l.subject().ifPresent(sub -> out.add("sub", sub));
        }
        return out.build().toString();
    }

    /** The event, or empty with the problem reported to {@code garbage}. */
    Optional<Envelope> decode(String text, java.util.function.Consumer<String> garbage) {
        if (text == null || text.length() > MAX_MESSAGE_CHARS) {
            garbage.accept("oversized message");
            return Optional.empty();
        }
        JsonObject in;
        try (var reader = json.createReader(new StringReader(text))) {
            in = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            garbage.accept("not a JSON object");
            return Optional.empty();
        }
        try {
            if (!(in.get("v") instanceof JsonNumber v) || v.intValue() != 1) {
                throw new IllegalArgumentException("unknown version");
            }
            String node = text(in, "node");
            ClusterEvent event = switch (text(in, "kind")) {
                case "group" -> new ClusterEvent.GroupPush(text(in, "group"), optionalText(in, "permission"), frame(in));
                case "subject" -> new ClusterEvent.SubjectPush(text(in, "sub"), optionalText(in, "permission"), frame(in));
                case "kick" -> new ClusterEvent.Kick(text(in, "sub"), kickCode(number(in, "code")), text(in, "reason"));
                case "revoke" -> new ClusterEvent.Revocation(text(in, "sub"), Instant.ofEpochSecond(number(in, "at")));
                case "logout" -> new ClusterEvent.Logout(optionalText(in, "sid"), optionalText(in, "sub"),
                        Instant.ofEpochSecond(number(in, "at")));
                default -> throw new IllegalArgumentException("unknown kind");
            };
            return Optional.of(new Envelope(node, event));
        } catch (IllegalArgumentException e) {
            garbage.accept(e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(JsonObject in, String field) {
        JsonValue value = in.get(field);
        if (!(value instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > MAX_FIELD) {
            throw new IllegalArgumentException("missing or invalid '" + field + "'");
        }
        return s.getString();
    }

    private static Optional<String> optionalText(JsonObject in, String field) {
        return in.containsKey(field) ? Optional.of(text(in, field)) : Optional.empty();
    }

    /** A push frame goes to clients as it is: it must be a JSON object with a string {@code type}. */
    private String frame(JsonObject in) {
        if (!(in.get("frame") instanceof JsonString s)) {
            throw new IllegalArgumentException("missing or invalid 'frame'");
        }
        try (var reader = json.createReader(new StringReader(s.getString()))) {
            if (reader.readObject().get("type") instanceof JsonString) {
                return s.getString();
            }
        } catch (JsonException | IllegalStateException e) {
            // answered below
        }
        throw new IllegalArgumentException("'frame' is not a push frame");
    }

    private static long number(JsonObject in, String field) {
        if (!(in.get(field) instanceof JsonNumber n) || !n.isIntegral()) {
            throw new IllegalArgumentException("missing or invalid '" + field + "'");
        }
        return n.longValueExact();
    }

    private static int kickCode(long code) {
        // Only the application close range: a foreign message must not make us send 1000 or 1011.
        if (code < 4000 || code > 4999) {
            throw new IllegalArgumentException("close code out of range");
        }
        return (int) code;
    }
}
