package dev.wsjwt.handshake;

import java.util.List;
import java.util.Optional;

/**
 * What the authenticator needs from an upgrade request, whoever parsed it: the WebSocket
 * runtime's {@code HandshakeRequest} or a servlet request in front of it.
 */
public interface UpgradeRequest {

    /** Every value of the header, by case-insensitive name, as the runtime delivered them. */
    List<String> headers(String name);

    /** The raw query string, without {@code ?}. */
    Optional<String> rawQuery();

    /** For log lines; never used for decisions. */
    String remoteAddress();
}
