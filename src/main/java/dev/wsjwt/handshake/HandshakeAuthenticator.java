package dev.wsjwt.handshake;

import dev.wsjwt.config.HandshakeSettings;
import dev.wsjwt.config.Transport;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.RejectionReason;
import dev.wsjwt.token.TokenRejectedException;
import dev.wsjwt.token.TokenVerifier;
import dev.wsjwt.ops.Observer;
import dev.wsjwt.ops.SecurityEventLog;
import dev.wsjwt.token.TokenHeader;
import java.util.List;
import java.util.Optional;

/**
 * Decides one upgrade: origin, then token, then the connect permission. Pure: it answers with a
 * {@link HandshakeDecision} and leaves acting on it to the runtime-specific edge. Thread-safe.
 */
public final class HandshakeAuthenticator {

    private final HandshakeSettings settings;
    private final TokenExtractor extractor;
    private final TokenVerifier verifier;
    private final Observer observer;
    private final TicketRedeemer tickets;

    public HandshakeAuthenticator(HandshakeSettings settings, TokenVerifier verifier) {
        this(settings, verifier, TicketRedeemer.NONE, new SecurityEventLog(settings.refusalLogInterval()));
    }

    /** @param observer told of every decision: metrics and the security event log */
    public HandshakeAuthenticator(HandshakeSettings settings, TokenVerifier verifier, TicketRedeemer tickets,
                                  Observer observer) {
        this.settings = settings;
        this.observer = observer;
        this.extractor = new TokenExtractor(settings);
        this.verifier = verifier;
        this.tickets = tickets;
    }

    public HandshakeSettings settings() {
        return settings;
    }

    public HandshakeDecision decide(UpgradeRequest request) {
        return decide(request, true);
    }

    /**
     * @param inBand whether the endpoint can authenticate in-band (message endpoints can; a
     *               user's annotated endpoint cannot): without it, no token is refused at once
     */
    public HandshakeDecision decide(UpgradeRequest request, boolean inBand) {
        HandshakeDecision decision = evaluate(request, inBand);
        report(decision, request);
        return decision;
    }

    /**
     * As {@link #decide}, for a filter in front of the endpoint: a request left to authenticate
     * in-band goes on to the endpoint's configurator, which decides (and reports) it again, so it
     * is not reported here; an acceptance or a refusal is final and is.
     */
    public HandshakeDecision decideBeforeUpgrade(UpgradeRequest request, boolean inBand) {
        HandshakeDecision decision = evaluate(request, inBand);
        if (!(decision instanceof HandshakeDecision.AwaitingAuthMessage)) {
            report(decision, request);
        }
        return decision;
    }

    private void report(HandshakeDecision decision, UpgradeRequest request) {
        if (decision instanceof HandshakeDecision.Accepted accepted) {
            observer.upgradeAccepted(accepted.transport().configName());
        } else if (decision instanceof HandshakeDecision.Refused refused) {
            // The remote address, the check that failed and the key id: never the token.
            TokenExtractor.Extraction extraction = extractor.extract(request);
            Optional<String> transport = Optional.empty();
            Optional<String> kid = Optional.empty();
            if (extraction instanceof TokenExtractor.Extraction.Found found) {
                transport = Optional.of(found.transport().configName());
                kid = found.transport() == Transport.TICKET ? Optional.empty() : TokenHeader.kid(found.token());
            }
            observer.upgradeRefused(new Observer.Refusal(refused.cause(), transport.orElse("none"), refused.status(),
                    request.remoteAddress(), kid));
        } else {
            observer.upgradeAwaitingAuth();
        }
    }

    /** An in-band {@code auth} that was the connection's first: as an upgrade's outcome. */
    public void inBandOutcome(HandshakeDecision decision, String remoteAddress, Optional<String> kid) {
        if (decision instanceof HandshakeDecision.Refused refused) {
            observer.upgradeRefused(new Observer.Refusal(refused.cause(), Transport.MESSAGE.configName(),
                    refused.closeCode(), remoteAddress, kid));
        } else if (decision instanceof HandshakeDecision.Accepted) {
            observer.upgradeAccepted(Transport.MESSAGE.configName());
        }
    }

    /**
     * Whether {@link #decide} could wait on the network for this request: only when it carries
     * a token whose key may have to be fetched first ({@link TokenVerifier#mayWaitForKeys}).
     * Cheap; logs nothing and decides nothing.
     */
    public boolean mayWait(UpgradeRequest request) {
        // A ticket is redeemed from the shared store (Redis when clustered): it may wait.
        return extractor.extract(request) instanceof TokenExtractor.Extraction.Found found
                && (found.transport() == Transport.TICKET || verifier.mayWaitForKeys(found.token()));
    }

    private HandshakeDecision evaluate(UpgradeRequest request, boolean inBand) {
        if (!originAllowed(request.headers("Origin"))) {
            return HandshakeDecision.forbidden("invalid_request", "origin not allowed");
        }
        TokenExtractor.Extraction extraction = extractor.extract(request);
        if (extraction instanceof TokenExtractor.Extraction.Found found) {
            return found.transport() == Transport.TICKET ? redeem(found, request) : verify(found);
        }
        if (extraction instanceof TokenExtractor.Extraction.Invalid invalid) {
            return HandshakeDecision.unauthorized(
                    invalid.multiple() ? RejectionReason.MULTIPLE_TOKENS : RejectionReason.MALFORMED, invalid.problem());
        }
        return inBand && settings.allows(Transport.MESSAGE)
                ? HandshakeDecision.awaitAuthMessage()
                : HandshakeDecision.unauthorized(RejectionReason.MISSING, "missing token (accepted in: "
                + settings.transports().stream().filter(t -> inBand || t != Transport.MESSAGE)
                        .map(Transport::configName).sorted().toList() + ")");
    }

    private HandshakeDecision verify(TokenExtractor.Extraction.Found found) {
        JwtPrincipal principal;
        try {
            principal = verifier.verify(found.token());
        } catch (TokenRejectedException e) {
            return HandshakeDecision.unauthorized(e.reason(), e.getMessage());
        }
        return checkConnectPermission(principal)
                .orElse(HandshakeDecision.accept(principal, found.transport()));
    }

    private HandshakeDecision redeem(TokenExtractor.Extraction.Found found, UpgradeRequest request) {
        List<String> origins = request.headers("Origin");
        String token;
        try {
            token = tickets.redeem(found.token(), origins.size() == 1 ? java.util.Optional.of(origins.get(0).trim())
                    : java.util.Optional.empty());
        } catch (TokenRejectedException e) {
            return HandshakeDecision.unauthorized(e.reason(), e.getMessage());
        }
        return verify(new TokenExtractor.Extraction.Found(token, Transport.TICKET));
    }

    /** The connect permission, for upgrades and for first-message authentication alike. */
    public java.util.Optional<HandshakeDecision> checkConnectPermission(JwtPrincipal principal) {
        return settings.connectPermission()
                .filter(permission -> !principal.hasPermission(permission))
                .map(permission -> HandshakeDecision.forbidden("insufficient_scope",
                        "missing permission '" + permission + "'"));
    }

    private boolean originAllowed(List<String> origins) {
        if (settings.anyOrigin()) {
            return true;
        }
        // Non-browser clients send no Origin; a browser always does, and that is what the
        // allow-list protects (cross-site WebSocket hijacking).
        return origins.isEmpty() || (origins.size() == 1 && settings.origins().contains(origins.get(0).trim()));
    }
}
