package dev.wsjwt.container;

import dev.wsjwt.web.WebRequest;
import dev.wsjwt.web.WebResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A runtime-neutral wsjwt HTTP endpoint (back-channel logout, tickets) as a servlet, registered
 * by {@link WsjwtInitializer} under the context root only when the application uses wsjwt.
 */
final class WebEndpointServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient Function<WebRequest, WebResponse> endpoint;

    WebEndpointServlet(Function<WebRequest, WebResponse> endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebResponse answer = endpoint.apply(new WebRequest() {
            @Override
            public String method() {
                return request.getMethod();
            }

            @Override
            public List<String> headers(String name) {
                return Collections.list(request.getHeaders(name));
            }

            @Override
            public List<String> parameters(String name) {
                String[] values = request.getParameterValues(name);
                return values == null ? List.of() : List.of(values);
            }

            @Override
            public long contentLength() {
                return request.getContentLengthLong();
            }

            @Override
            public String remoteAddress() {
                return request.getRemoteAddr();
            }
        });
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (!answer.body().isEmpty()) {
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(answer.body());
        }
    }
}
