package dev.wsjwt.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wsjwt.testing.LogCapture;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.Verifiers;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.TokenRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The documented line format, with values a client controls made safe. */
class SecurityEventLogTest {

    @Test
    void linesAreKeyValueWithClientValuesMadeSafe() {
        try (LogCapture log = LogCapture.of(SecurityEventLog.LOGGER)) {
            SecurityEventLog events = new SecurityEventLog(Duration.ZERO);
            events.upgradeRefused(new Observer.Refusal("unknown_key", "query", 401, "10.0.0.7",
                    Optional.of("evil kid\n event=forged \"x\"")));
            events.sessionClosed(new Observer.SessionEnd(4401, "token \"expired\"\n", Optional.of(principal("alice"))));
            events.revocation("bob", 2, true);
            events.kick("carol", 4403, 1, false);
            events.logout(3, true);
            List<String> lines = log.messages(Level.INFO);
            assertEquals(List.of(
                    "event=upgrade_refused reason=unknown_key status=401 transport=query remote=10.0.0.7 kid=evil?kid??event?forged??x?",
                    "event=session_closed code=4401 reason=\"token ?expired??\" sub=alice kid=" + TestKeys.RSA.getKeyId(),
                    "event=revocation sub=bob sessions_closed=2 origin=local",
                    "event=kick sub=carol code=4403 sessions_closed=1 origin=cluster",
                    "event=logout sessions_closed=3 origin=local"), lines);
        }
    }

    /** A real principal, verified from a token signed by the test RSA key (its kid in the header). */
    private static JwtPrincipal principal(String subject) {
        try {
            return Verifiers.verifier().verify(TokenBuilder.token(subject).sign());
        } catch (TokenRejectedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void longValuesAreCut() {
        String safe = SecurityEventLog.safe("k".repeat(500));
        assertEquals(64 + 3, safe.length());
        assertFalse(safe.contains(" "));
    }
}
