package dev.wsjwt.standalone;

import dev.wsjwt.chat.DemoApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The standalone server listens where it is told: loopback stays loopback; port 0 reports the real port; a fixed port serves everything. */
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
    void aFixedPortServesTheDevelopmentProviderAndTheEndpointOnceStarted() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // No key configured: the development identity provider, whose issuer names this port.
        try (StandaloneApp app = DemoApp.start(ConfigLookup.of(Map.of(
                "wsjwt.host", "127.0.0.1", "wsjwt.port", String.valueOf(port))), Clock.systemUTC())) {
            assertEquals(port, app.port());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/dev/token?sub=alice&ttl=60")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            String token = Json.createReader(new StringReader(response.body())).readObject().getString("access_token");
            try (WsClient client = WsClient.bearer(URI.create("ws://127.0.0.1:" + port + "/ws/chat"), token)) {
                assertEquals("alice", client.request("whoami", null).getJsonObject("payload").getString("sub"));
            }
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
