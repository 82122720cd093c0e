package dev.wsjwt.ops;

import dev.wsjwt.handshake.RefusalLog;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.TokenHeader;
import java.time.Duration;
import java.util.Optional;

/**
 * Security events as one log line each, for a SIEM: refused upgrades, closed sessions,
 * revocations, kicks and logouts, on the logger {@value #LOGGER} at INFO, as
 * {@code event=<name> key=value ...} (docs/operations.md). Values are what the check found, made
 * safe (printable, no spaces, bounded); never a token. Rate-limited per event and reason (or close
 * code): a flood adds one line per interval, the next saying how many were held back.
 */
public final class SecurityEventLog implements Observer {

    public static final String LOGGER = "dev.wsjwt.security";
    private static final int MAX_VALUE = 64;

    private final RefusalLog lines;

    public SecurityEventLog(Duration interval) {
        this(new RefusalLog(System.getLogger(LOGGER), interval));
    }

    SecurityEventLog(RefusalLog lines) {
        this.lines = lines;
    }

    // Every line is built only when it is written: under a flood most are held back.
    @Override
    public void upgradeRefused(Refusal r) {
        lines.line(keys.computeIfAbsent(r.reason(), reason -> "upgrade_refused/" + reason), () -> "event=upgrade_refused reason=" + r.reason()
                + " status=" + r.status() + " transport=" + r.transport() + " remote=" + safe(r.remoteAddress())
                + " kid=" + safe(r.kid()));
    }

    @Override
    public void sessionClosed(SessionEnd end) {
        int code = CloseCodes.KNOWN.contains(end.code()) ? end.code() : -1;
        lines.line(keys.computeIfAbsent(code, c -> "session_closed/" + c), () -> "event=session_closed code="
                + end.code() + " reason=\"" + quoted(end.reason()) + "\" sub="
                + safe(end.principal().map(JwtPrincipal::getSubject))
                + " kid=" + safe(end.principal().flatMap(p -> TokenHeader.kid(p.getRawToken()))));
    }

    /** Rate-limit keys by reason or close code, built once each: a flood allocates no key. Closed sets. */
    private final java.util.Map<Object, String> keys = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void revocation(String subject, int sessionsClosed, boolean local) {
        lines.line("revocation", () -> "event=revocation sub=" + safe(subject) + " sessions_closed=" + sessionsClosed
                + " origin=" + (local ? "local" : "cluster"));
    }

    @Override
    public void kick(String subject, int code, int sessionsClosed, boolean local) {
        lines.line("kick", () -> "event=kick sub=" + safe(subject) + " code=" + code + " sessions_closed=" + sessionsClosed
                + " origin=" + (local ? "local" : "cluster"));
    }

    @Override
    public void logout(int sessionsClosed, boolean local) {
        lines.line("logout", () -> "event=logout sessions_closed=" + sessionsClosed + " origin=" + (local ? "local" : "cluster"));
    }

    private static String safe(Optional<String> value) {
        return value.map(SecurityEventLog::safe).orElse("-");
    }

    /** Printable ASCII without spaces, quotes or '=', at most 64 characters: one token of the line. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE + 3));
        for (int i = 0; i < value.length() && i < MAX_VALUE; i++) {
            char c = value.charAt(i);
            out.append(c > ' ' && c < 127 && c != '"' && c != '=' && c != '\\' ? c : '?');
        }
        if (value.length() > MAX_VALUE) {
            out.append("...");
        }
        return out.toString();
    }

    /** A close reason inside quotes: printable ASCII, no quotes or backslashes, bounded. */
    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 123; i++) {
            char c = value.charAt(i);
            out.append(c >= ' ' && c < 127 && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
