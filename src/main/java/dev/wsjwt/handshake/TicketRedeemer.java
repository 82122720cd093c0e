package dev.wsjwt.handshake;

import dev.wsjwt.token.RejectionReason;
import dev.wsjwt.token.TokenRejectedException;
import java.util.Optional;

/** Turns a one-time connection ticket back into the access token it stands for, once. */
@FunctionalInterface
public interface TicketRedeemer {

    /** No tickets are issued: every ticket is unknown. */
    TicketRedeemer NONE = (ticket, origin) -> {
        throw new TokenRejectedException(RejectionReason.TICKET_REFUSED, "unknown ticket");
    };

    /**
     * The access token, or refused with the reason (used, expired, unknown, wrong origin).
     *
     * @param origin the upgrade request's {@code Origin}, when it has one
     */
    String redeem(String ticket, Optional<String> origin) throws TokenRejectedException;
}
