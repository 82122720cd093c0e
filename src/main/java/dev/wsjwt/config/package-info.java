/**
 * Settings: one immutable object read once, validated at start-up. API: {@link dev.wsjwt.config.ConfigLookup}
 * (where a standalone application's settings come from) and {@link dev.wsjwt.config.ConfigurationException}.
 * The other public types are public for wsjwt's own packages and may change without notice.
 */
package dev.wsjwt.config;
