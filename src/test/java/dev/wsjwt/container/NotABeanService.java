package dev.wsjwt.container;

import dev.wsjwt.MessageEndpoint;
import dev.wsjwt.dispatch.Handles;
import jakarta.annotation.security.PermitAll;

/**
 * A {@code @MessageEndpoint} without a bean-defining annotation: CDI does not manage it, so the
 * deployment must fail naming it ({@link BadConfigIT}) instead of leaving its path unserved.
 */
@MessageEndpoint(NotABeanService.PATH)
public class NotABeanService {

    static final String PATH = "/ws/not-a-bean";

    @Handles("ping")
    @PermitAll
    public String ping() {
        return "pong";
    }
}
