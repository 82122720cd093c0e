package dev.wsjwt.dispatch;

import java.util.Objects;

/**
 * A handler result that is JSON text already, written into the reply as it is: for a payload
 * built once and sent many times. Only for text the server produced itself (a JSON-P value's
 * {@code toString()}, say), never for text a client sent: it is not parsed or checked.
 */
record JsonText(String json) {
    public JsonText {
        Objects.requireNonNull(json);
    }
}
