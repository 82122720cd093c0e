package dev.wsjwt.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** The demo page and the JavaScript client, from the class path's {@code static/} folder. */
final class StaticResources extends HttpHandler {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    @Override
    public void service(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null || !name.matches("[a-z0-9\\-]+\\.[a-z]+")) {
            notFound(response);
            return;
        }
        try (InputStream in = StaticResources.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                notFound(response);
                return;
            }
            response.setStatus(200);
            response.setContentType(type);
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            in.transferTo(response.getOutputStream());
        }
    }

    private static void notFound(Response response) throws IOException {
        response.setStatus(404);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().write("not found");
    }
}
