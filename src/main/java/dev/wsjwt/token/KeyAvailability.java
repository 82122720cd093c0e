package dev.wsjwt.token;

/**
 * Whether a key resolver can answer a token header from what it holds, or might have to fetch
 * first. Lets a runtime that reads on selector threads verify there when nothing can wait.
 */
interface KeyAvailability {

    /**
     * @param encodedHeader the token's first segment, as sent
     * @return false only if resolving the key for this header cannot wait on the network
     */
    boolean mayWait(String encodedHeader);
}
