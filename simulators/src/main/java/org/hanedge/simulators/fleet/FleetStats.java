package org.hanedge.simulators.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters of a running fleet; updated from many threads, read with {@link #snapshot()} at any time. */
final class FleetStats {
    private final int gateways;
    private final long startNanos = System.nanoTime();
    private final LongAdder connectAttempts = new LongAdder();
    private final AtomicLong firstAttemptNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastAttemptNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger maxConnected = new AtomicInteger();
    private final LongAdder connects = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();
    private final Map<String, LongAdder> connectFailures = new ConcurrentHashMap<>();
    private final LongAdder births = new LongAdder();
    private final LongAdder messagesPublished = new LongAdder();
    private final LongAdder readingsPublished = new LongAdder();
    private final LongAdder messagesAcked = new LongAdder();
    private final LongAdder readingsAcked = new LongAdder();
    private final LongAdder readingsFailed = new LongAdder();
    private final Map<String, LongAdder> publishFailures = new ConcurrentHashMap<>();
    private final LongAdder packsSkipped = new LongAdder();
    private final AtomicLong backlogReadings = new AtomicLong();
    private final LongAdder readingsDropped = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    FleetStats(int gateways) {
        this.gateways = gateways;
    }

    void connectAttempt() {
        long now = System.nanoTime();
        firstAttemptNanos.compareAndSet(Long.MIN_VALUE, now);
        lastAttemptNanos.accumulateAndGet(now, Math::max);
        connectAttempts.increment();
    }

    void connected() {
        connects.increment();
        int now = connected.incrementAndGet();
        maxConnected.accumulateAndGet(now, Math::max);
    }

    void disconnected(boolean lost) {
        connected.decrementAndGet();
        if (lost) {
            connectionsLost.increment();
        }
    }

    void connectFailed(String reason) {
        connectFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void birthAcked() {
        births.increment();
    }

    void published(int readings) {
        messagesPublished.increment();
        readingsPublished.add(readings);
    }

    void acked(int readings, long latencyNanos) {
        messagesAcked.increment();
        readingsAcked.add(readings);
        latency.record(latencyNanos);
    }

    void publishFailed(int readings, String reason) {
        readingsFailed.add(readings);
        publishFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void packSkipped() {
        packsSkipped.increment();
    }

    /** Readings added to ({@code delta > 0}) or taken from the gateways' backlogs. */
    void backlogChanged(long delta) {
        backlogReadings.addAndGet(delta);
    }

    void readingsDropped(int readings) {
        readingsDropped.add(readings);
    }

    FleetSnapshot snapshot() {
        long first = firstAttemptNanos.get();
        long last = lastAttemptNanos.get();
        long failedMessages = sum(publishFailures);
        long published = messagesPublished.sum();
        long acked = messagesAcked.sum();
        return new FleetSnapshot(Duration.ofNanos(System.nanoTime() - startNanos), gateways,
                connectAttempts.sum(), first == Long.MIN_VALUE ? Duration.ZERO : Duration.ofNanos(last - first),
                connected.get(), maxConnected.get(), connects.sum(), connectionsLost.sum(), sum(connectFailures),
                copy(connectFailures), births.sum(), published, readingsPublished.sum(), acked, readingsAcked.sum(),
                failedMessages, readingsFailed.sum(), copy(publishFailures),
                Math.max(0, published - acked - failedMessages), packsSkipped.sum(), backlogReadings.get(),
                readingsDropped.sum(), latency.quantile(0.5), latency.quantile(0.99), latency.max());
    }

    private static long sum(Map<String, LongAdder> m) {
        return m.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> copy(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
