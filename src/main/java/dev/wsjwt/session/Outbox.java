package dev.wsjwt.session;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's outgoing frames, sent one at a time with the async remote. Runtimes differ on
 * concurrent sends to one session (some throw), and a broadcaster must never block on a slow
 * reader; a reader that falls too far behind is closed instead of growing the heap.
 */
final class Outbox {

    static final int MAX_QUEUED = 1024;

    private final Session session;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Runnable onOverflow;

    Outbox(Session session, Runnable onOverflow) {
        this.session = session;
        this.onOverflow = onOverflow;
    }

    /** Queues a frame; false when the connection is closed or its queue overflowed. */
    boolean offer(String text) {
        if (!session.isOpen()) {
            return false;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            onOverflow.run();
            return false;
        }
        queue.add(text);
        drain();
        return true;
    }

    private void drain() {
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            queued.decrementAndGet();
            try {
                session.getAsyncRemote().sendText(next, this::sent);
                return;
            } catch (RuntimeException e) {
                // The session closed under us: drop what is queued, nobody will read it.
                queue.clear();
                queued.set(0);
                sending.set(false);
                return;
            }
        }
    }

    private void sent(SendResult result) {
        sending.set(false);
        if (result.isOK()) {
            drain();
        } else {
            queue.clear();
            queued.set(0);
        }
    }
}
