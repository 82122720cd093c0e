package dev.wsjwt.container;

import dev.wsjwt.testing.RawUpgrade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A client that ignores the answer to its upgrade: it writes the upgrade request and a masked
 * WebSocket text frame in one go, then reads whatever comes back until the server closes the
 * connection or the window ends.
 */
final class RefusalIgnoringClient {

    /** What came back, as ISO-8859-1 text (frame bytes stay recognisable), and whether the server closed. */
    record Answer(String bytes, boolean closedByServer) {
        String statusLine() {
            int end = bytes.indexOf("\r\n");
            return end < 0 ? bytes : bytes.substring(0, end);
        }
    }

    private RefusalIgnoringClient() {
    }

    static Answer send(URI ws, Map<String, String> headers, String frameText, Duration window) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", ws.getPort())) {
            socket.setSoTimeout((int) window.toMillis());
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(ws.getRawPath()).append(ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery())
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(ws.getPort())
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(RawUpgrade.maskedTextFrame(frameText));
            out.flush();
            return readAll(socket.getInputStream(), window);
        }
    }

    private static Answer readAll(InputStream in, Duration window) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + window.toNanos();
        boolean closed = false;
        try {
            while (System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // the window ended with the connection still open: nothing more was sent
        } catch (IOException e) {
            closed = true; // reset by the server
        }
        return new Answer(received.toString(StandardCharsets.ISO_8859_1), closed);
    }
}
