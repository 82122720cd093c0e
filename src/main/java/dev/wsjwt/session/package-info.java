/**
 * Internal: live sessions, their lifetimes, groups, revocation. Not API: services use
 * {@link dev.wsjwt.WebSocketSessions} and {@link dev.wsjwt.WebSocketConnection}. Public types here
 * are public for wsjwt's own packages and may change without notice.
 */
package dev.wsjwt.session;
