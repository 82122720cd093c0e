package dev.wsjwt.dispatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a {@link Handles} method never blocks: no network or disk I/O, no waiting on
 * locks, queues or other threads. Such a handler may run on the thread that read the frame, which
 * on the standalone server is a selector thread serving many connections; every other handler
 * runs on the server's worker pool there, in order with the connection's other messages.
 * Containers run every handler on their own threads and ignore this. Leave it off when in doubt:
 * a handler wrongly marked stalls every connection on its selector while it waits.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NonBlocking {
}
