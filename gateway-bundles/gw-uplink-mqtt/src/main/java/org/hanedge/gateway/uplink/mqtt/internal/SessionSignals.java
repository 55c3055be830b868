package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * What the uplink thread waits on: the stop request, the end of the current session (set by Paho's callback thread or
 * a refused publish) and "something changed" (an acknowledgement freed the window). All waits wake on any of them.
 */
final class SessionSignals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean stopping;
    private volatile String sessionLost;

    boolean stopping() {
        return stopping;
    }

    /** The cause the current session ended with, or null while it is up. */
    String sessionLost() {
        return sessionLost;
    }

    /** Neither stopping nor a lost session. */
    boolean active() {
        return !stopping && sessionLost == null;
    }

    void requestStop() {
        stopping = true;
        signal();
    }

    /** Forgets the previous session's end, before a connect attempt. */
    void newSession() {
        sessionLost = null;
    }

    /** Marks the session as ended (the first cause wins) and wakes the uplink thread. */
    void sessionEnded(String cause) {
        lock.lock();
        try {
            if (sessionLost == null) {
                sessionLost = cause == null ? "connection lost" : cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until stop, a lost session or a signal, at most {@code nanos}. */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            if (!stopping && sessionLost == null && nanos > 0) {
                changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps {@code delayMs} unless a stop is requested meanwhile. */
    void sleepUnlessStopping(long delayMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        lock.lock();
        try {
            long left;
            while (!stopping && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code done} holds, the session is lost or {@code timeoutNanos} passed, looking every 100 ms. An
     * interrupt ends the wait and stays set.
     */
    void awaitUntil(BooleanSupplier done, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (!done.getAsBoolean() && sessionLost == null && System.nanoTime() < deadline) {
                changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
