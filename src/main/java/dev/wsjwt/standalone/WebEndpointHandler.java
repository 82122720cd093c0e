package dev.wsjwt.standalone;

import dev.wsjwt.web.WebRequest;
import dev.wsjwt.web.WebResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** A runtime-neutral wsjwt HTTP endpoint (back-channel logout, tickets) on Grizzly. */
final class WebEndpointHandler extends HttpHandler {

    private final Function<WebRequest, WebResponse> endpoint;

    WebEndpointHandler(Function<WebRequest, WebResponse> endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        WebResponse answer = endpoint.apply(new WebRequest() {
            @Override
            public String method() {
                return request.getMethod().getMethodString();
            }

            @Override
            public List<String> headers(String name) {
                List<String> values = new ArrayList<>();
                request.getHeaders(name).forEach(values::add);
                return values;
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
