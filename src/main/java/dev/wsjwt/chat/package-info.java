/**
 * The demo chat: an example application of the library, written on its public API. Not in the
 * library jar; the demo WAR and the standalone jar carry it.
 */
package dev.wsjwt.chat;
