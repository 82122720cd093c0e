package dev.wsjwt.standalone;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The management port answers loopback clients only, unless told otherwise. */
class ManagementAccessTest {

    @Test
    void loopbackClientsOnlyByDefault() {
        assertTrue(ManagementServer.admits("127.0.0.1", false));
        assertTrue(ManagementServer.admits("127.0.0.9", false));
        assertTrue(ManagementServer.admits("0:0:0:0:0:0:0:1", false));
        assertFalse(ManagementServer.admits("10.1.2.3", false));
        assertFalse(ManagementServer.admits("192.168.0.7", false));
        assertFalse(ManagementServer.admits("fe80:0:0:0:0:0:0:1", false));
        assertFalse(ManagementServer.admits(null, false));
    }

    @Test
    void anyClientWhenAllowed() {
        assertTrue(ManagementServer.admits("10.1.2.3", true));
    }
}
