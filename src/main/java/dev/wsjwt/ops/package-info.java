/**
 * Operations: what an operator scrapes, probes and ships to a SIEM. {@link dev.wsjwt.ops.Observer}
 * hooks are called by the other packages at the moments that matter (an upgrade decided, a session
 * closed, a message answered, a key set fetched, a cluster event) and never change a decision;
 * {@link dev.wsjwt.ops.OpenTelemetryObserver} turns them into OpenTelemetry instruments,
 * {@link dev.wsjwt.ops.SecurityEventLog} into rate-limited log lines, and
 * {@link dev.wsjwt.ops.Health} answers readiness and liveness. Internal: not part of the public API.
 */
package dev.wsjwt.ops;
