/**
 * Internal: the upgrade (transports, verification, the decision, refusals). Not API: users reach
 * it through {@link dev.wsjwt.WsjwtConfigurator} and {@link dev.wsjwt.MessageEndpoint}. Public
 * types here are public for wsjwt's own packages and may change without notice.
 */
package dev.wsjwt.handshake;
