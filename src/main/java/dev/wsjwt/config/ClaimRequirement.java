package dev.wsjwt.config;

import java.util.Objects;

/**
 * One entry of {@code wsjwt.verify.claims}: the claim at {@code pointer} must equal the JSON
 * value {@code expectedJson}, e.g. {@code /email_verified=true}.
 */
public record ClaimRequirement(String pointer, String expectedJson) {

    public ClaimRequirement {
        Objects.requireNonNull(pointer);
        Objects.requireNonNull(expectedJson);
    }

    @Override
    public String toString() {
        return pointer + "=" + expectedJson;
    }
}
