package dev.wsjwt.standalone;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wsjwt.testing.TestServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The standalone server listens where it is told: loopback stays loopback; port 0 reports the real port. */
class BindAddressTest {

    @Test
    void reportsTheRealPortWhenAskedForAnEphemeralOne() throws IOException {
        try (TestServer server = TestServer.start();
             Socket socket = new Socket()) {
            assertNotEquals(0, server.port());
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            assertTrue(socket.isConnected());
        }
    }

    @Test
    void isNotReachableOnAnotherInterfaceWhenBoundToLoopback() throws IOException {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has only loopback interfaces");
        try (TestServer server = TestServer.start(); Socket socket = new Socket()) {
            InetSocketAddress elsewhere = new InetSocketAddress(other.get(), server.port());
            assertThrows(IOException.class, () -> socket.connect(elsewhere, 10_000),
                    "the server bound to 127.0.0.1 accepted a connection on " + elsewhere);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
