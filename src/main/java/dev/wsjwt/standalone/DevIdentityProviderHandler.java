package dev.wsjwt.standalone;

import jakarta.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** {@code GET /dev/jwks.json} and {@code GET /dev/token?sub=&permissions=&ttl=}, loopback callers only. */
final class DevIdentityProviderHandler extends HttpHandler {

    private static final Set<String> PARAMETERS = Set.of("sub", "permissions", "ttl");
    private static final String SUBJECT = "[A-Za-z0-9._@+\\-]{1,64}";
    private static final String PERMISSION = "[A-Za-z0-9:._\\-]{1,64}";
    private static final int MAX_PERMISSIONS = 32;

    private final DevIdentityProvider idp;

    DevIdentityProviderHandler(DevIdentityProvider idp) {
        this.idp = idp;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!isLoopback(request.getRemoteAddr())) {
            error(response, 403, "the development identity provider answers loopback callers only");
            return;
        }
        if (!"GET".equals(request.getMethod().getMethodString())) {
            error(response, 405, "use GET");
            return;
        }
        switch (request.getRequestURI()) {
            case "/dev/jwks.json" -> json(response, 200, idp.jwks());
            case "/dev/token" -> token(request, response);
            default -> error(response, 404, "not found: use /dev/jwks.json or /dev/token");
        }
    }

    private void token(Request request, Response response) throws IOException {
        for (String name : request.getParameterNames()) {
            if (!PARAMETERS.contains(name)) {
                error(response, 400, "unknown parameter '" + printable(name) + "' (use sub, permissions, ttl)");
                return;
            }
            if (request.getParameterValues(name).length > 1) {
                error(response, 400, "parameter '" + name + "' given more than once");
                return;
            }
        }
        String sub = request.getParameter("sub");
        if (sub == null || !sub.matches(SUBJECT)) {
            error(response, 400, "sub is required: 1-64 letters, digits or ._@+-");
            return;
        }
        List<String> permissions = new ArrayList<>();
        String rawPermissions = request.getParameter("permissions");
        if (rawPermissions != null && !rawPermissions.isBlank()) {
            for (String permission : rawPermissions.split("[,\\s]+")) {
                if (!permission.matches(PERMISSION)) {
                    error(response, 400, "permissions: '" + printable(permission) + "' is not a valid permission name");
                    return;
                }
                permissions.add(permission);
            }
        }
        if (permissions.size() > MAX_PERMISSIONS) {
            error(response, 400, "permissions: at most " + MAX_PERMISSIONS);
            return;
        }
        long ttl;
        try {
            ttl = request.getParameter("ttl") == null ? 300 : Long.parseLong(request.getParameter("ttl"));
        } catch (NumberFormatException e) {
            error(response, 400, "ttl must be a whole number of seconds");
            return;
        }
        if (ttl < 1 || ttl > DevIdentityProvider.MAX_TTL.toSeconds()) {
            error(response, 400, "ttl must be between 1 and " + DevIdentityProvider.MAX_TTL.toSeconds() + " seconds");
            return;
        }
        String token = idp.issue(sub, List.copyOf(permissions), Duration.ofSeconds(ttl));
        json(response, 200, Json.createObjectBuilder().add("access_token", token).add("token_type", "Bearer")
                .add("expires_in", ttl).build().toString());
    }

    static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String printable(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9:._\\-]", "?");
        return cleaned.length() > 32 ? cleaned.substring(0, 32) + "..." : cleaned;
    }

    private static void error(Response response, int status, String message) throws IOException {
        json(response, status, Json.createObjectBuilder().add("error", message).build().toString());
    }

    static void json(Response response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }
}
