package dev.wsjwt.handshake;

import dev.wsjwt.config.HandshakeSettings;
import dev.wsjwt.config.Transport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the access token in an upgrade request, looking only in the enabled transports. A
 * request that carries more than one token, or a malformed carrier, is refused outright rather
 * than guessed at.
 */
final class TokenExtractor {

    static final String BEARER_PROTOCOL_PREFIX = "bearer.";
    static final String TICKET_PARAM = "ticket";

    /** What the request carried. */
    public sealed interface Extraction {
        record Found(String token, Transport transport) implements Extraction {
        }

        record None() implements Extraction {
        }

        record Invalid(String problem, boolean multiple) implements Extraction {
        }
    }

    private final HandshakeSettings settings;

    public TokenExtractor(HandshakeSettings settings) {
        this.settings = settings;
    }

    public Extraction extract(UpgradeRequest request) {
        List<Extraction.Found> found = new ArrayList<>();
        try {
            if (settings.allows(Transport.HEADER)) {
                if (settings.headerIsCookie()) {
                    cookie(request).ifPresent(t -> found.add(new Extraction.Found(t, Transport.HEADER)));
                } else {
                    authorization(request).ifPresent(t -> found.add(new Extraction.Found(t, Transport.HEADER)));
                }
            }
            if (settings.allows(Transport.COOKIE) && !(settings.headerIsCookie() && settings.allows(Transport.HEADER))) {
                cookie(request).ifPresent(t -> found.add(new Extraction.Found(t, Transport.COOKIE)));
            }
            if (settings.allows(Transport.SUBPROTOCOL)) {
                subprotocol(request).ifPresent(t -> found.add(new Extraction.Found(t, Transport.SUBPROTOCOL)));
            }
            if (settings.allows(Transport.QUERY)) {
                query(request, settings.queryParam()).ifPresent(t -> found.add(new Extraction.Found(t, Transport.QUERY)));
            }
            if (settings.allows(Transport.TICKET)) {
                query(request, TICKET_PARAM).ifPresent(t -> found.add(new Extraction.Found(t, Transport.TICKET)));
            }
        } catch (CarrierException e) {
            return new Extraction.Invalid(e.getMessage(), e.multiple);
        }
        if (found.size() > 1) {
            return new Extraction.Invalid("more than one token in the handshake ("
                    + found.stream().map(f -> f.transport().configName()).toList() + ")", true);
        }
        return found.isEmpty() ? new Extraction.None() : found.get(0);
    }

    private static Optional<String> authorization(UpgradeRequest request) throws CarrierException {
        List<String> values = request.headers("Authorization");
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new CarrierException("more than one Authorization header", true);
        }
        String value = values.get(0).trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new CarrierException("Authorization header is not 'Bearer <token>'", false);
        }
        String token = value.substring(space + 1).trim();
        if (token.isEmpty() || token.contains(" ")) {
            throw new CarrierException("Authorization header is not 'Bearer <token>'", false);
        }
        return Optional.of(token);
    }

    private Optional<String> cookie(UpgradeRequest request) throws CarrierException {
        String found = null;
        for (String header : request.headers("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0 || !pair.substring(0, eq).trim().equals(settings.tokenCookie())) {
                    continue;
                }
                if (found != null) {
                    throw new CarrierException("more than one '" + settings.tokenCookie() + "' cookie", true);
                }
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                found = value;
            }
        }
        if (found != null && found.isEmpty()) {
            throw new CarrierException("empty '" + settings.tokenCookie() + "' cookie", false);
        }
        return Optional.ofNullable(found);
    }

    private Optional<String> subprotocol(UpgradeRequest request) throws CarrierException {
        String found = null;
        boolean offersApplicationProtocol = false;
        for (String protocol : offeredSubprotocols(request)) {
            if (protocol.toLowerCase(Locale.ROOT).startsWith(BEARER_PROTOCOL_PREFIX)) {
                if (found != null) {
                    throw new CarrierException("more than one bearer subprotocol", true);
                }
                found = protocol.substring(BEARER_PROTOCOL_PREFIX.length());
            } else if (protocol.equals(settings.subprotocol())) {
                offersApplicationProtocol = true;
            }
        }
        if (found != null && found.isEmpty()) {
            throw new CarrierException("empty bearer subprotocol", false);
        }
        if (found != null && !offersApplicationProtocol) {
            // The server never echoes the token entry, so a browser that offered nothing else
            // would fail the connection without a reason: say so now.
            throw new CarrierException("offer the '" + settings.subprotocol() + "' subprotocol with 'bearer.<token>'", false);
        }
        return Optional.ofNullable(found);
    }

    /** Runtimes differ: Tyrus lists each value, Undertow joins them with commas. */
    public static List<String> offeredSubprotocols(UpgradeRequest request) {
        List<String> protocols = new ArrayList<>();
        for (String header : request.headers("Sec-WebSocket-Protocol")) {
            for (String part : header.split(",")) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    protocols.add(trimmed);
                }
            }
        }
        return protocols;
    }

    private static Optional<String> query(UpgradeRequest request, String param) throws CarrierException {
        Optional<String> raw = request.rawQuery();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String found = null;
        for (String pair : raw.get().split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!name.equals(param)) {
                continue;
            }
            if (found != null) {
                throw new CarrierException("more than one '" + param + "' query parameter", true);
            }
            found = eq < 0 ? "" : decode(pair.substring(eq + 1));
        }
        if (found != null && found.isEmpty()) {
            throw new CarrierException("empty '" + param + "' query parameter", false);
        }
        return Optional.ofNullable(found);
    }

    private static String decode(String s) throws CarrierException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CarrierException("malformed query string", false);
        }
    }

    private static final class CarrierException extends Exception {
        private final boolean multiple;

        CarrierException(String message, boolean multiple) {
            super(message, null, false, false);
            this.multiple = multiple;
        }
    }
}
