package dev.wsjwt.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Where tokens are looked for at the upgrade, and what else the upgrade must satisfy. */
public record HandshakeSettings(
        Set<Transport> transports,
        boolean headerIsCookie,
        String tokenCookie,
        String queryParam,
        String subprotocol,
        Set<String> origins,
        Optional<String> connectPermission,
        HandshakeRefusal refusal,
        Duration refusalLogInterval,
        Duration ticketTtl) {

    public static final String ANY_ORIGIN = "*";

    public HandshakeSettings {
        transports = Set.copyOf(transports);
        origins = Set.copyOf(origins);
    }

    public boolean allows(Transport transport) {
        return transports.contains(transport);
    }

    public boolean anyOrigin() {
        return origins.contains(ANY_ORIGIN);
    }
}
