package dev.wsjwt.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-connection lane on a real thread pool. */
class MessageLaneTest {

    private static final long WAIT_SECONDS = 30;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger overflows = new AtomicInteger();
    private final List<Error> failures = new CopyOnWriteArrayList<>();
    private final MessageLane.Trouble trouble = new MessageLane.Trouble() {
        @Override
        public void overflowed() {
            overflows.incrementAndGet();
        }

        @Override
        public void failed(Error error) {
            failures.add(error);
        }
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void workThatCannotBlockRunsOnTheCallingThreadWhileNothingIsQueued() {
        MessageLane lane = MessageLane.over(pool, trouble);
        Thread[] ranOn = new Thread[1];
        lane.run(() -> ranOn[0] = Thread.currentThread(), false);
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    @Test
    void everythingKeepsArrivalOrderBehindBlockedWork() throws Exception {
        MessageLane lane = MessageLane.over(pool, trouble);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        lane.run(() -> {
            await(release);
            order.add(0);
        }, true);
        for (int i = 1; i <= 100; i++) {
            int n = i;
            lane.run(() -> order.add(n), i % 3 == 0);
        }
        lane.run(done::countDown, false);
        assertEquals(List.of(), order, "work ran before the blocked work ahead of it");
        release.countDown();
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        for (int i = 0; i <= 100; i++) {
            assertEquals(i, order.get(i));
        }
        // Drained: work that cannot block is back on the calling thread.
        Thread[] ranOn = new Thread[1];
        awaitIdle(lane);
        lane.run(() -> ranOn[0] = Thread.currentThread(), false);
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    @Test
    void aConnectionQueueingTooMuchIsReportedAndNothingMoreIsQueued() {
        MessageLane lane = MessageLane.over(pool, trouble);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            lane.run(() -> await(release), true);
            for (int i = 0; i < MessageLane.MAX_QUEUED + 10; i++) {
                lane.run(ran::incrementAndGet, false);
            }
            assertTrue(overflows.get() >= 10, "overflows reported: " + overflows.get());
        } finally {
            release.countDown();
        }
        awaitNotDraining(lane);
        assertTrue(ran.get() <= MessageLane.MAX_QUEUED, "queued beyond the bound: " + ran.get());
        assertEquals(MessageLane.MAX_QUEUED + 10, ran.get() + overflows.get(), "a message neither ran nor was reported");
    }

    @Test
    void aFailingMessageDoesNotStrandTheOnesBehindIt() throws Exception {
        MessageLane lane = MessageLane.over(pool, trouble);
        CountDownLatch after = new CountDownLatch(2);
        lane.run(() -> {
            throw new IllegalStateException("handler bug");
        }, true);
        lane.run(after::countDown, true);
        lane.run(() -> {
            throw new AssertionError("an Error, not an exception");
        }, true);
        lane.run(after::countDown, true);
        assertTrue(after.await(WAIT_SECONDS, TimeUnit.SECONDS), "work behind a failure never ran");
        assertEquals(1, failures.size(), "the Error was not reported: " + failures);
        assertEquals("an Error, not an exception", failures.get(0).getMessage());
    }

    @Test
    void withoutAPoolEverythingRunsOnTheCallingThread() {
        MessageLane lane = MessageLane.inline();
        Thread[] ranOn = new Thread[1];
        lane.run(() -> ranOn[0] = Thread.currentThread(), true);
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    private static void awaitIdle(MessageLane lane) {
        CountDownLatch idle = new CountDownLatch(1);
        lane.run(idle::countDown, true);
        await(idle);
        awaitNotDraining(lane);
    }

    /** The drainer marks the lane idle right after its last task. */
    private static void awaitNotDraining(MessageLane lane) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (lane.isDraining() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
