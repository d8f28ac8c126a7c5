package org.custodian.identity.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where password reset requests wait to be looked up and emailed, off the request thread: a fixed
 * number of threads and a bounded queue, so a flood of requests holds neither unbounded memory nor
 * threads. A request that does not fit is dropped; its requester got the same answer anyway.
 */
@Component
class ResetMailQueue implements DisposableBean {

    private final ThreadPoolExecutor executor;

    @Autowired
    ResetMailQueue(PasswordResetProperties properties) {
        this(properties.senders(), properties.queueCapacity());
    }

    ResetMailQueue(int senders, int capacity) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "password-reset-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ThreadPoolExecutor(senders, senders, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), threads, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the work; false, doing nothing, if the queue is full. */
    boolean offer(Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
