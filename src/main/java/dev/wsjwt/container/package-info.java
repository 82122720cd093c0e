/**
 * Internal: the Jakarta EE edge (the initializer found through {@code META-INF/services}, the
 * 401/403 filter, MicroProfile Config, CDI). Not API; users only declare endpoints.
 */
package dev.wsjwt.container;
