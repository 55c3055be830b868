package org.hanedge.gateway.outbox.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;

final class Fixtures {
    private Fixtures() {
    }

    static final Instant T0 = Instant.parse("2025-03-01T08:00:00.123456Z");

    static Payload reading(long i) {
        Object value;
        Quality q = Quality.GOOD;
        switch ((int) (i % 5)) {
            case 0 -> value = i * 0.25;
            case 1 -> value = i % 2 == 0;
            case 2 -> value = "state-" + i;
            case 3 -> {
                value = null;
                q = Quality.BAD_COMM;
            }
            default -> value = -i * 1.5;
        }
        return new Payload.OfReading(new Reading("pump-" + (i % 7), "level", value, value instanceof Double ? "m"
                : null, T0.plusMillis(i), q));
    }

    static Payload event(long i) {
        return new Payload.OfEvent("alarm", T0.plusSeconds(i), "{\"n\":" + i + "}");
    }

    static List<Payload> readings(long from, int n) {
        List<Payload> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reading(from + i));
        }
        return out;
    }

    static FileOutbox.Settings settings(Path dir) {
        return FileOutbox.Settings.defaults(dir).withCommitDelay(Duration.ofMillis(10));
    }

    /** Takes everything currently durable and pending (does not acknowledge). */
    static List<OutboxEntry> drain(FileOutbox outbox) throws InterruptedException {
        List<OutboxEntry> all = new ArrayList<>();
        while (true) {
            List<OutboxEntry> batch = outbox.take(1000, Duration.ZERO);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    static List<Long> seqs(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::seq).toList();
    }
}
