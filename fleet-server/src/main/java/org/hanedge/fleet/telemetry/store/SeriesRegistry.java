package org.hanedge.fleet.telemetry.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Series ids by key. Ids created inside a write transaction become visible to other callers only after
 * {@link #commit(Map)} (a rolled-back insert leaves no stale id behind).
 */
@Component
public class SeriesRegistry {
    private final JdbcClient jdbc;
    private final Map<SeriesKey, Long> ids = new ConcurrentHashMap<>();

    public SeriesRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
        jdbc.sql("SELECT id, gateway_id, device_id, channel FROM series").query(rs -> {
            ids.put(new SeriesKey(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getLong(1));
        });
    }

    /** The id of the reading's series, creating the series (in the caller's transaction) if new. */
    public long idFor(StoredReading r, Map<SeriesKey, Long> created) {
        SeriesKey key = r.key();
        Long id = ids.get(key);
        if (id == null) {
            id = created.get(key);
        }
        if (id == null) {
            id = jdbc.sql("SELECT id FROM series WHERE gateway_id = ? AND device_id = ? AND channel = ?")
                    .params(key.gatewayId(), key.deviceId(), key.channel()).query(Long.class).optional()
                    .orElseGet(() -> insert(r));
            created.put(key, id);
        }
        return id;
    }

    /** Makes ids created by a committed transaction visible. */
    public void commit(Map<SeriesKey, Long> created) {
        ids.putAll(created);
    }

    private long insert(StoredReading r) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO series (gateway_id, device_id, channel, unit, value_kind) VALUES (?, ?, ?, ?, ?)")
                .params(r.gatewayId(), r.deviceId(), r.channel(), r.unit(), r.kind().name())
                .update(keys, "id");
        return keys.getKey().longValue();
    }
}
