/**
 * The standalone runtime: Tyrus on Grizzly. API: {@link dev.wsjwt.standalone.StandaloneApp}. The
 * other public types are public for wsjwt's own packages and tests and may change without notice.
 */
package dev.wsjwt.standalone;
