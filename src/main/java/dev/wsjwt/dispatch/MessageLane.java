package dev.wsjwt.dispatch;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's messages in arrival order. Work that may block goes to a pool, so that
 * it never holds the selector thread that delivered it; work that cannot block runs on the
 * delivering thread, but only while nothing of this connection is queued, so that a reply never
 * overtakes the reply to an earlier message and a message after {@code auth} sees its outcome.
 *
 * <p>The runtime delivers a connection's messages one at a time, so {@link #run} is never called
 * concurrently with itself; the pool drains the queue on one thread at a time. Not shared
 * between connections.
 */
final class MessageLane {

    private static final System.Logger LOG = System.getLogger(MessageLane.class.getName());

    /** Messages of one connection waiting behind a blocked handler before the connection is closed. */
    static final int MAX_QUEUED = 256;

    /** What the lane reports about its connection; both usually close it. */
    interface Trouble {
        /** More than {@link #MAX_QUEUED} messages wait behind a blocked handler. */
        void overflowed();

        /**
         * Queued work ended in an {@link Error} on a pool thread; on the delivering thread the
         * runtime would have closed the session (1011), so the lane's owner should too.
         */
        void failed(Error error);
    }

    private final Executor pool;
    private final Trouble trouble;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining; // guarded by this

    private MessageLane(Executor pool, Trouble trouble) {
        this.pool = pool;
        this.trouble = trouble;
    }

    // Without a pool a lane keeps no state, so one serves every connection.
    private static final MessageLane INLINE = new MessageLane(null, null);

    /** Everything on the delivering thread: for runtimes that deliver messages on pool threads. */
    static MessageLane inline() {
        return INLINE;
    }

    /** Work that may block on {@code pool}; {@code trouble} hears of overflow and failures. */
    static MessageLane over(Executor pool, Trouble trouble) {
        return new MessageLane(pool, trouble);
    }

    private enum Step { INLINE, QUEUED, START_DRAIN, OVERFLOW }

    void run(Runnable work, boolean mayBlock) {
        if (pool == null) {
            work.run();
            return;
        }
        Step step;
        synchronized (this) {
            if (!draining && !mayBlock) {
                step = Step.INLINE;
            } else if (queue.size() >= MAX_QUEUED) {
                step = Step.OVERFLOW;
            } else {
                queue.add(work);
                step = draining ? Step.QUEUED : Step.START_DRAIN;
                draining = true;
            }
        }
        switch (step) {
            case INLINE -> work.run();
            case OVERFLOW -> trouble.overflowed();
            case START_DRAIN -> startDrain();
            case QUEUED -> {
            }
        }
    }

    // visible for testing
    synchronized boolean isDraining() {
        return draining;
    }

    private void startDrain() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The server is shutting down: nothing will answer these messages any more.
            synchronized (this) {
                queue.clear();
                draining = false;
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            boolean completed = false;
            try {
                next.run();
                completed = true;
            } catch (RuntimeException e) {
                completed = true;
                LOG.log(Level.WARNING, "message processing failed", e);
            } catch (Error e) {
                trouble.failed(e);
                throw e;
            } finally {
                if (!completed) {
                    // An Error leaves this thread: the rest of the queue must not be stranded.
                    drainElsewhere();
                }
            }
        }
    }

    private void drainElsewhere() {
        synchronized (this) {
            if (queue.isEmpty()) {
                draining = false;
                return;
            }
        }
        startDrain();
    }
}
