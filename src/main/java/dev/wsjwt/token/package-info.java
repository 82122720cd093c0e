/**
 * Internal: verifying a token into a principal (jose4j), key sources, rejection reasons. Not
 * API: services see the caller as a {@code org.eclipse.microprofile.jwt.JsonWebToken}. Public
 * types here are public for wsjwt's own packages and may change without notice.
 */
package dev.wsjwt.token;
