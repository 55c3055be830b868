package org.hanedge.fleet.telemetry.store;

import org.hanedge.gateway.api.profile.ValueKind;

/**
 * One reading accepted for storage.
 *
 * @param num     numeric value; booleans as 1/0; null for text or value-less readings
 * @param text    string value, or null
 * @param quality null when GOOD
 */
public record StoredReading(String gatewayId, String deviceId, String channel, String unit, ValueKind kind, long ts,
        long seq, Double num, String text, String quality) {

    public SeriesKey key() {
        return new SeriesKey(gatewayId, deviceId, channel);
    }
}
