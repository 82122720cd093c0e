package dev.wsjwt.web;

import java.util.List;

/** The little of an HTTP request the logout and ticket endpoints read, on Grizzly and on a servlet container alike. */
public interface WebRequest {

    String method();

    /** Every value of a header, in order; empty when absent. */
    List<String> headers(String name);

    /** Every value of a form parameter (an {@code application/x-www-form-urlencoded} body). */
    List<String> parameters(String name);

    /** {@code Content-Length}, or -1 when not given. */
    long contentLength();

    String remoteAddress();

    default String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
