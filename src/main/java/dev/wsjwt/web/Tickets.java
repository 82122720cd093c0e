package dev.wsjwt.web;

import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.cluster.SharedStore;
import dev.wsjwt.handshake.TicketRedeemer;
import dev.wsjwt.token.JwtPrincipal;
import dev.wsjwt.token.RejectionReason;
import dev.wsjwt.token.TokenRejectedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time connection tickets: 256 random bits, valid {@code ttl} (never past the token's
 * {@code exp}), bound to the requesting page's {@code Origin} when there was one, redeemed once
 * across nodes. The store never holds a ticket: an entry is keyed by a SHA-256 of the ticket, and
 * the access token it stands for is sealed (AES-GCM) under another hash of the ticket, so whoever
 * reads the store (Redis) learns neither. A redeemed entry is kept, marked used, until it expires,
 * so a second use is refused as used; entries outlive their ticket by {@link #REMEMBERED} to tell
 * an expired ticket from an unknown one.
 */
public final class Tickets implements TicketRedeemer {

    /** How long past its expiry a ticket is still recognised (as expired or used). */
    static final Duration REMEMBERED = Duration.ofMinutes(2);
    private static final String PREFIX = "ticket:";
    private static final String USED = "used";
    private static final int TICKET_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A ticket as handed to the client. */
    public record Issued(String ticket, long expiresIn) {
    }

    /** The store is full (in-process, at its bound) or unreachable: try again later. */
    public static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final SharedStore store;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Tickets(SharedStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Issued issue(JwtPrincipal principal, Optional<String> origin) throws UnavailableException {
        byte[] secret = new byte[TICKET_BYTES];
        random.nextBytes(secret);
        Instant now = clock.instant();
        Instant expires = principal.expiresAt().isBefore(now.plus(ttl)) ? principal.expiresAt() : now.plus(ttl);
        long expiresIn = Math.max(1, Duration.between(now, expires).toSeconds());
        String value = expires.getEpochSecond() + "." + B64.encodeToString(origin.orElse("").getBytes(StandardCharsets.UTF_8))
                + "." + seal(secret, principal.getRawToken());
        SharedStore.Put put;
        try {
            put = store.putIfAbsent(PREFIX + id(secret), value, Duration.ofSeconds(expiresIn).plus(REMEMBERED));
        } catch (ClusterUnavailableException e) {
            throw new UnavailableException("ticket store unavailable");
        }
        if (put != SharedStore.Put.STORED) {
            throw new UnavailableException(put == SharedStore.Put.FULL ? "too many tickets outstanding" : "ticket collision");
        }
        return new Issued(B64.encodeToString(secret), expiresIn);
    }

    @Override
    public String redeem(String ticket, Optional<String> origin) throws TokenRejectedException {
        byte[] secret = decode(ticket);
        Optional<String> previous;
        try {
            previous = store.replace(PREFIX + id(secret), USED);
        } catch (ClusterUnavailableException e) {
            throw refused("ticket store unavailable");
        }
        if (previous.isEmpty()) {
            throw refused("unknown ticket");
        }
        if (previous.get().equals(USED)) {
            throw refused("ticket already used");
        }
        String[] parts = previous.get().split("\\.", 3);
        if (parts.length != 3) {
            throw refused("unknown ticket");
        }
        if (!Instant.ofEpochSecond(Long.parseLong(parts[0])).isAfter(clock.instant())) {
            throw refused("ticket expired");
        }
        String boundOrigin = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
        if (!boundOrigin.isEmpty() && !origin.map(boundOrigin::equals).orElse(false)) {
            throw refused("ticket issued to another origin");
        }
        return open(secret, parts[2]);
    }

    private static byte[] decode(String ticket) throws TokenRejectedException {
        if (ticket.length() != 43) {
            throw refused("unknown ticket");
        }
        try {
            return B64D.decode(ticket);
        } catch (IllegalArgumentException e) {
            throw refused("unknown ticket");
        }
    }

    private static TokenRejectedException refused(String why) {
        return new TokenRejectedException(RejectionReason.TICKET_REFUSED, why);
    }

    private static String id(byte[] secret) {
        return B64.encodeToString(hash("wsjwt-ticket-id", secret));
    }

    private String seal(byte[] secret, String token) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, secret, iv).doFinal(token.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static String open(byte[] secret, String sealed) throws TokenRejectedException {
        try {
            byte[] bytes = B64D.decode(sealed);
            byte[] iv = java.util.Arrays.copyOf(bytes, 12);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, secret, iv).doFinal(bytes, 12, bytes.length - 12);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw refused("unknown ticket");
        }
    }

    private static Cipher cipher(int mode, byte[] secret, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(hash("wsjwt-ticket-key", secret), "AES"), new GCMParameterSpec(128, iv));
        return cipher;
    }

    private static byte[] hash(String purpose, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.US_ASCII));
            return sha.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
