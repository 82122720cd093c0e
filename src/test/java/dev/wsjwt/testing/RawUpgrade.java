package dev.wsjwt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket upgrade written by hand over a plain {@link Socket}: for requests no well-behaved
 * client sends (bad escapes, frames after a refusal) and for reading exactly what comes back.
 */
public final class RawUpgrade implements AutoCloseable {

    /** The response head: status code and headers (names lower-cased). */
    public record Head(int status, Map<String, String> headers) {
    }

    /** What came after the head until the server closed: the bytes, and whether it ended by reset. */
    public record Rest(byte[] bytes, boolean reset) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawUpgrade(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawUpgrade connect(int port) throws IOException {
        return new RawUpgrade(new Socket("127.0.0.1", port));
    }

    /** Writes a complete upgrade request for {@code target} (path and raw query) with extra headers. */
    public void sendUpgrade(int port, String target, Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + port);
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        all.put("Sec-WebSocket-Version", "13");
        all.putAll(headers);
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Upgrades to {@code target} with extra headers and asserts the 101. */
    public RawUpgrade upgrade(int port, String target, Map<String, String> headers) throws IOException {
        sendUpgrade(port, target, headers);
        Head head = readHead();
        if (head.status() != 101) {
            throw new AssertionError("upgrade answered " + head.status() + " " + head.headers());
        }
        return this;
    }

    /** Writes raw bytes (a frame of any shape); throws if the peer is gone. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * A client frame of any shape: {@code declaredLength} is written in the header whatever the
     * payload's length (a lie is the point of some tests); masked with a random key when asked.
     */
    public static byte[] frame(boolean fin, int opcode, boolean masked, long declaredLength, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (declaredLength <= 125) {
            frame.write(maskBit | (int) declaredLength);
        } else if (declaredLength <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write((int) (declaredLength >>> 8));
            frame.write((int) declaredLength & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (declaredLength >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        if (masked) {
            RANDOM.nextBytes(mask);
            frame.write(mask, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** A masked client text frame of any size, final or not; {@code opcode} 1 (text), 2 (binary) or 0 (continuation). */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, opcode, true, payload.length, payload);
    }

    /**
     * Reads server frames until a close frame and returns its status code; -1 if the connection
     * ended (or was reset) without one. Other frames are skipped.
     */
    public int readCloseCode() throws IOException {
        try {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return -1;
                }
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = (readByte() << 8) | readByte();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                if ((b0 & 0x0F) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close from the server within " + WsClient.TIMEOUT);
        } catch (SocketException e) {
            return -1;
        }
    }

    /** Reads the next server frame's payload as text (a server frame: unmasked). */
    public String readTextFrame() throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new SocketException("end of stream before a frame");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            throw new IllegalStateException("frame too long for a test");
        }
        return new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
    }

    /** Whether the server has closed the TCP connection: end of stream or reset, within the timeout. */
    public boolean awaitEndOfStream() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever came before the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private long readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new SocketException("end of stream inside a frame header");
        }
        return b;
    }

    /** Reads the status line and headers, up to the blank line. */
    public Head readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!endsWithBlankLine(head.toByteArray())) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before a full response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Head(status, headers);
    }

    /** Writes a masked, final text frame (what a client must send), ignoring a peer that is gone. */
    public boolean trySendText(String text) {
        try {
            out.write(maskedTextFrame(text));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A client-to-server text frame (FIN, opcode 1), masked as RFC 6455 requires; payload under 126 bytes. */
    public static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /**
     * Reads until the server closes the connection (end of stream or reset) and returns what came.
     * Fails if the server keeps the connection open past the timeout.
     */
    public Rest readUntilClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                rest.write(buffer, 0, n);
            }
            return new Rest(rest.toByteArray(), false);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server kept the connection open for " + WsClient.TIMEOUT
                    + " after the refusal; received " + rest.size() + " more byte(s)");
        } catch (SocketException e) {
            return new Rest(rest.toByteArray(), true);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static boolean endsWithBlankLine(byte[] b) {
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }
}
