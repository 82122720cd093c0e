package dev.wsjwt.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Logout tokens (OpenID Connect Back-Channel Logout) signed by the test key, and real posts of them. */
public final class LogoutTokens {

    public static final String CLIENT_ID = "wsjwt-web";
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LogoutTokens() {
    }

    /** A valid logout token for {@code sid} (and sub alice): iss, aud, iat, exp, jti, events, typ logout+jwt. */
    public static TokenBuilder forSid(String sid) {
        return base().claim("sid", sid);
    }

    /** A valid logout token with no sid: every session of {@code sub}. */
    public static TokenBuilder forSubject(String sub) {
        return base().claim("sub", sub);
    }

    private static TokenBuilder base() {
        return TokenBuilder.token("alice").without("nbf").expiresIn(120).claim("aud", CLIENT_ID)
                .claim("jti", UUID.randomUUID().toString())
                .claim("events", Map.of(EVENT, Map.of()))
                .header("typ", "logout+jwt");
    }

    /** POSTs {@code logout_token=<token>} as a form to {@code url}. */
    public static HttpResponse<String> post(String url, String token) {
        return postForm(url, "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> postForm(String url, String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
