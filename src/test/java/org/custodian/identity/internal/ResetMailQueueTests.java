package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ResetMailQueueTests {

    @Test
    void whatDoesNotFitIsDroppedWithoutBlockingOrFailingTheCaller() throws Exception {
        ResetMailQueue queue = new ResetMailQueue(1, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(2);
        try {
            assertThat(queue.offer(() -> {
                started.countDown();
                awaitQuietly(release);
            })).isTrue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(queue.offer(queuedRan::countDown)).isTrue();
            assertThat(queue.offer(queuedRan::countDown)).isTrue();
            assertThat(queue.offer(() -> { throw new AssertionError("a dropped request must not run"); }))
                    .as("the queue is full: dropped").isFalse();

            release.countDown();
            assertThat(queuedRan.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            queue.destroy();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
