package dev.wsjwt.session;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    /** The thread inside sendText, so that a completion on that same thread does not recurse. */
    private final AtomicReference<Thread> drainer = new AtomicReference<>();
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
        Thread self = Thread.currentThread();
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            queued.decrementAndGet();
            drainer.set(self);
            try {
                session.getAsyncRemote().sendText(next, this::sent);
            } catch (RuntimeException e) {
                // The session closed under us: drop what is queued, nobody will read it.
                queue.clear();
                queued.set(0);
                sending.set(false);
                return;
            } finally {
                drainer.compareAndSet(self, null);
            }
            // A runtime may complete the send inline; then this loop sends the next frame
            // instead of the completion calling drain() again, one stack frame deeper each time.
        }
    }

    private void sent(SendResult result) {
        boolean inline = drainer.get() == Thread.currentThread();
        if (!result.isOK()) {
            queue.clear();
            queued.set(0);
        }
        sending.set(false);
        if (result.isOK() && !inline) {
            drain();
        }
    }
}
