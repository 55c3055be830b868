package org.hanedge.fleet.ingest;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.fleet.config.FleetProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bounds the series (device, channel) each gateway can create: {@code hanedge.fleet.ingest.max-series-per-gateway}.
 * A gateway's existing series are loaded from {@code series} on its first record after a start; a series is counted
 * from the moment a record of it is accepted (before it is written), so the bound holds under concurrency too.
 */
@Component
public class SeriesBudget {
    private final JdbcClient jdbc;
    private final int max;
    private final Map<String, Set<String>> series = new ConcurrentHashMap<>();

    public SeriesBudget(JdbcClient jdbc, int maxSeriesPerGateway) {
        if (maxSeriesPerGateway < 1) {
            throw new IllegalArgumentException(
                    "hanedge.fleet.ingest.max-series-per-gateway must be positive, got " + maxSeriesPerGateway);
        }
        this.jdbc = jdbc;
        this.max = maxSeriesPerGateway;
    }

    @Autowired
    public SeriesBudget(JdbcClient jdbc, FleetProperties properties) {
        this(jdbc, properties.ingest().maxSeriesPerGateway());
    }

    public int max() {
        return max;
    }

    /** True when the series exists or may be created (it is then counted); false when the gateway is at its limit. */
    public boolean admit(String gatewayId, String deviceId, String channel) {
        Set<String> known = series.computeIfAbsent(gatewayId, this::load);
        String key = deviceId + '\u0000' + channel;
        synchronized (known) {
            if (known.contains(key)) {
                return true;
            }
            if (known.size() >= max) {
                return false;
            }
            known.add(key);
            return true;
        }
    }

    private Set<String> load(String gatewayId) {
        Set<String> keys = new HashSet<>();
        jdbc.sql("SELECT device_id, channel FROM series WHERE gateway_id = ?").param(gatewayId)
                .query(rs -> {
                    keys.add(rs.getString(1) + '\u0000' + rs.getString(2));
                });
        return keys;
    }
}
