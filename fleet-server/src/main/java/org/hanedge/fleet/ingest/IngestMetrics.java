package org.hanedge.fleet.ingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** Ingest counters: readings stored, dead letters by reason, dedup hits, messages by topic, latency. */
@Component
public class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter duplicates;
    private final Timer latency;
    private final Timer writes;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stored = Counter.builder("hanedge.ingest.readings").description("readings stored").register(registry);
        this.duplicates = Counter.builder("hanedge.ingest.dedup.hits")
                .description("records dropped as repeats of (gateway, seq)").register(registry);
        this.latency = Timer.builder("hanedge.ingest.latency")
                .description("record time to committed in the database (live records only)")
                .publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        this.writes = Timer.builder("hanedge.ingest.write").description("database write per batch")
                .register(registry);
    }

    public void stored(int n) {
        stored.increment(n);
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void deadLetter(String reason) {
        registry.counter("hanedge.ingest.dead.letters", "reason", reason).increment();
    }

    public void message(String kind) {
        registry.counter("hanedge.ingest.messages", "topic", kind).increment();
    }

    /** Record time to commit; only records younger than a minute count (a backlog would swamp the figure). */
    public void latency(long recordTimeMs, long committedMs) {
        long d = committedMs - recordTimeMs;
        if (d >= 0 && d < 60_000) {
            latency.record(d, TimeUnit.MILLISECONDS);
        }
    }

    public void write(long nanos) {
        writes.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double storedCount() {
        return stored.count();
    }

    public double duplicateCount() {
        return duplicates.count();
    }
}
