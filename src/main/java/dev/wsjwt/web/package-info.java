/**
 * Internal: the HTTP endpoints beside the WebSocket ones (back-channel logout, connection
 * tickets), runtime-neutral; the standalone server and the container adapt them.
 */
package dev.wsjwt.web;
