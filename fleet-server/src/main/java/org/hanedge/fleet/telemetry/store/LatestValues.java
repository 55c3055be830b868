package org.hanedge.fleet.telemetry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The newest reading of every series, kept in memory as readings are stored and written to the {@code series} table
 * once a second (only what changed; never older over newer).
 */
@Component
public class LatestValues {
    record Latest(long ts, Double num, String text, String quality, long seq) {
    }

    private final JdbcTemplate jdbc;
    private final Map<Long, Latest> dirty = new ConcurrentHashMap<>();

    public LatestValues(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Called after a write committed. */
    public void offer(long seriesId, StoredReading r) {
        dirty.merge(seriesId, new Latest(r.ts(), r.num(), r.text(), r.quality(), r.seq()),
                (a, b) -> b.ts() >= a.ts() ? b : a);
    }

    @Scheduled(fixedDelayString = "${hanedge.fleet.ingest.latest-flush-ms:1000}")
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Long id : List.copyOf(dirty.keySet())) {
            Latest l = dirty.remove(id);
            if (l != null) {
                rows.add(new Object[] { l.ts(), l.num(), l.text(), l.quality(), l.seq(), id, l.ts() });
            }
        }
        jdbc.batchUpdate("UPDATE series SET last_time = ?, last_value = ?, last_text = ?, last_quality = ?,"
                + " last_seq = ? WHERE id = ? AND (last_time IS NULL OR last_time <= ?)", rows);
    }
}
