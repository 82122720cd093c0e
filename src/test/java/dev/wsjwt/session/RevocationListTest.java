package dev.wsjwt.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationListTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00.750Z");

    @Test
    void cutoffIsTruncatedToTheSecondAndOnlyMovesForward() {
        RevocationList list = new RevocationList(Duration.ofHours(1));
        list.revoke("alice", NOON);
        list.revoke("alice", NOON.minusSeconds(30));
        assertEquals(Optional.of(Instant.parse("2026-11-23T12:00:00Z")), list.revokedBefore("alice"));
        assertTrue(list.revokedBefore("bob").isEmpty());
    }

    @Test
    void revocationsOlderThanTheLongestTokenLifetimeAreForgotten() {
        RevocationList list = new RevocationList(Duration.ofHours(1));
        list.revoke("old", NOON);
        list.revoke("recent", NOON.plus(Duration.ofMinutes(30)));
        list.revoke("now", NOON.plus(Duration.ofMinutes(61)));
        assertTrue(list.revokedBefore("old").isEmpty(), "every token 'old' revoked has expired");
        assertTrue(list.revokedBefore("recent").isPresent());
        assertEquals(2, list.size());
    }
}
