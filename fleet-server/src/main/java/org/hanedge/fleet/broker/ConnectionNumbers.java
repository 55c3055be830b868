package org.hanedge.fleet.broker;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;

/**
 * Numbers the embedded broker's connections in the order they are made, kept in each connection's attribute store.
 * The numbers start at the start time in milliseconds × 1,000, so they also grow across restarts (unless a run
 * averaged more than 1,000 connections a millisecond).
 */
final class ConnectionNumbers {
    private static final String KEY = "hanedge.connection";
    private final AtomicLong last;

    ConnectionNumbers(Clock clock) {
        this.last = new AtomicLong(clock.millis() * 1000);
    }

    /** Gives a new connection its number. */
    long assign(ConnectionAttributeStore store) {
        long n = last.incrementAndGet();
        store.putAsString(KEY, Long.toString(n));
        return n;
    }

    /** The connection's number (one is assigned if it has none yet). */
    long of(ConnectionAttributeStore store) {
        return store.getAsString(KEY).map(Long::parseLong).orElseGet(() -> assign(store));
    }
}
