package dev.wsjwt.token;

/**
 * Why a token (or a handshake's token) was refused. The description is what a client sees as
 * {@code error_description} or close reason: it names the check, never the token.
 */
public enum RejectionReason {
    MISSING("missing token"),
    MULTIPLE_TOKENS("more than one token in the handshake"),
    TOO_LONG("token too long"),
    NOT_A_JWT("not a JWT: send an access token for this API's audience (opaque tokens come when no audience is requested)"),
    ENCRYPTED("encrypted tokens (JWE) are not accepted"),
    MALFORMED("malformed token"),
    ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
    FORBIDDEN_HEADER("header not allowed"),
    WRONG_TYPE("wrong token type (typ)"),
    UNKNOWN_KEY("unknown signing key"),
    KEY_UNAVAILABLE("signing keys unavailable"),
    WEAK_KEY("signing key too weak"),
    BAD_SIGNATURE("bad signature"),
    EXPIRED("token expired"),
    NOT_YET_VALID("token not yet valid"),
    TOO_OLD("token too old"),
    WRONG_ISSUER("wrong issuer"),
    WRONG_AUDIENCE("wrong audience"),
    ID_TOKEN("this looks like an ID token: send the access token instead"),
    MISSING_CLAIM("missing claim"),
    CLAIM_MISMATCH("claim does not have the required value"),
    REVOKED("token revoked"),
    TICKET_REFUSED("connection ticket refused");

    private final String description;

    RejectionReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
