package org.hanedge.fleet.telemetry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes raw readings in JDBC batches (inside the caller's transaction). */
@Component
public class ReadingStore {
    private final JdbcTemplate jdbc;
    private final SeriesRegistry series;

    public ReadingStore(JdbcTemplate jdbc, SeriesRegistry series) {
        this.jdbc = jdbc;
        this.series = series;
    }

    /**
     * Inserts the readings with the given batch (arrival) number; new series go into {@code created} and their
     * ids into {@code ids} (same order as readings).
     */
    public long[] insert(List<StoredReading> readings, long batch, Map<SeriesKey, Long> created) {
        long[] ids = new long[readings.size()];
        List<Object[]> rows = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            StoredReading r = readings.get(i);
            ids[i] = series.idFor(r, created);
            rows.add(new Object[] { ids[i], r.ts(), r.seq(), r.num(), r.text(), r.quality(), batch });
        }
        jdbc.batchUpdate("INSERT INTO reading (series_id, ts, seq, num, text, quality, batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows);
        return ids;
    }
}
