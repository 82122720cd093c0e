/**
 * wsjwt's front door: {@link dev.wsjwt.MessageEndpoint}, {@link dev.wsjwt.WsjwtConfigurator},
 * {@link dev.wsjwt.WebSocketSessions}, {@link dev.wsjwt.WebSocketConnection} and
 * {@link dev.wsjwt.Wsjwt}. The README lists every public type a user touches.
 */
package dev.wsjwt;
