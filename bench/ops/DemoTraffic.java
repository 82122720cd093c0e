// Demo chat traffic against a running standalone server with the development identity provider,
// for docs/operations.md: run with `java bench/ops/DemoTraffic.java <port>` (JDK 17, no build).
// Opens sessions on several transports, chats, refuses a few upgrades, kicks and revokes.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class DemoTraffic {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        base = "127.0.0.1:" + args[0];
        List<Client> open = new ArrayList<>();
        Client alice = connect(token("alice", "chat:read,chat:write"), "header");
        Client bob = connect(token("bob", "chat:read"), "subprotocol");
        Client carol = connect(token("carol", "chat:read,chat:write,chat:moderate,sessions:revoke"), "query");
        open.add(alice);
        open.add(carol);
        for (Client c : List.of(alice, bob, carol)) {
            c.request("{\"type\":\"chat.join\",\"id\":\"j\",\"payload\":{\"room\":\"lobby\"}}");
        }
        for (int i = 0; i < 20; i++) {
            alice.request("{\"type\":\"chat.send\",\"id\":\"s" + i + "\",\"payload\":{\"room\":\"lobby\",\"text\":\"hello " + i + "\"}}");
        }
        bob.request("{\"type\":\"chat.send\",\"id\":\"f\",\"payload\":{\"room\":\"lobby\",\"text\":\"no write permission\"}}");
        bob.request("{\"type\":\"no.such.type\",\"id\":\"u\",\"payload\":{}}");
        carol.request("{\"type\":\"chat.kick\",\"id\":\"k\",\"payload\":{\"sub\":\"bob\"}}");
        Client dave = connect(token("dave", "chat:read"), "header");
        carol.request("{\"type\":\"session.revoke\",\"id\":\"r\",\"payload\":{\"sub\":\"dave\"}}");
        refused("not-a-jwt");
        refused("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        refused("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        for (Client c : open) {
            c.socket.sendClose(1000, "bye").join();
        }
        Thread.sleep(500);
        System.out.println("demo traffic sent");
    }

    static String token(String sub, String permissions) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + base + "/dev/token?sub=" + sub
                + "&permissions=" + permissions + "&ttl=300")).build(), HttpResponse.BodyHandlers.ofString()).body();
        int start = body.indexOf("\"access_token\":\"") + 16;
        return body.substring(start, body.indexOf('"', start));
    }

    static Client connect(String token, String transport) throws Exception {
        Client client = new Client();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        String uri = "ws://" + base + "/ws/chat";
        switch (transport) {
            case "header" -> builder.header("Authorization", "Bearer " + token);
            case "subprotocol" -> builder.subprotocols("wsjwt", "bearer." + token);
            default -> uri += "?access_token=" + token;
        }
        client.socket = builder.buildAsync(URI.create(uri), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    static void refused(String token) throws Exception {
        try {
            connect(token, "header");
            throw new IllegalStateException("accepted: " + token);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException)) {
                throw e;
            }
        }
    }

    static final class Client implements WebSocket.Listener {
        WebSocket socket;
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();

        void request(String json) throws Exception {
            socket.sendText(json, true).join();
            String id = json.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
            while (true) {
                String frame = frames.poll(10, TimeUnit.SECONDS);
                if (frame == null || frame.contains("\"id\":\"" + id + "\"")) {
                    return;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add("{\"closed\":" + statusCode + "}");
            return CompletableFuture.completedFuture(null);
        }
    }
}
