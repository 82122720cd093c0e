package dev.wsjwt.handshake;

import java.util.Map;
import java.util.Optional;

/**
 * The keys wsjwt uses in a connection's user properties. Applications read the verified
 * principal with {@code session.getUserProperties().get(ConnectionKeys.PRINCIPAL)}.
 */
public final class ConnectionKeys {

    /** The {@code org.eclipse.microprofile.jwt.JsonWebToken} verified at the upgrade. */
    public static final String PRINCIPAL = "dev.wsjwt.principal";
    /** The {@link HandshakeDecision} of this connection's upgrade. */
    public static final String DECISION = "dev.wsjwt.handshake";
    /** The {@code dev.wsjwt.session.Connection} once the session is open. */
    public static final String CONNECTION = "dev.wsjwt.connection";

    /** The remote address of an upgrade left to authenticate in-band: for its security event. */
    public static final String REMOTE_ADDRESS = "dev.wsjwt.remote";

    private ConnectionKeys() {
    }

    /** The remote address stored for an in-band authentication, or "-". */
    public static String remoteAddress(Map<String, Object> userProperties) {
        return userProperties.get(REMOTE_ADDRESS) instanceof String address ? address : "-";
    }

    public static Optional<HandshakeDecision> decision(Map<String, Object> userProperties) {
        return userProperties.get(DECISION) instanceof HandshakeDecision d ? Optional.of(d) : Optional.empty();
    }

    static void store(Map<String, Object> userProperties, HandshakeDecision decision, String remoteAddress) {
        userProperties.put(DECISION, decision);
        if (decision instanceof HandshakeDecision.AwaitingAuthMessage) {
            userProperties.put(REMOTE_ADDRESS, remoteAddress);
        }
        if (decision instanceof HandshakeDecision.Accepted accepted) {
            userProperties.put(PRINCIPAL, accepted.principal());
        } else {
            userProperties.remove(PRINCIPAL);
        }
    }
}
