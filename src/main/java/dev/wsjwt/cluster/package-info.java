/**
 * Internal: fan-out, kicks and revocations across nodes (Redis). Not API, except
 * {@link dev.wsjwt.cluster.ClusterUnavailableException}, which
 * {@link dev.wsjwt.WebSocketSessions#revoke} throws. Public types here are public for wsjwt's
 * own packages and may change without notice.
 */
package dev.wsjwt.cluster;
