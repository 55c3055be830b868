package org.hanedge.gateway.uplink.mqtt.internal;

import org.hanedge.contract.senml.Sample;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;

/**
 * A reading and its outbox sequence number as the contract's {@link Sample}: numbers keep the profile's field unit
 * (the encoder converts to a registered SenML unit), a reading without a value becomes {@link Sample#noValue} (sent
 * as a {@code {channel}:q} record), and GOOD quality is left out.
 */
final class ReadingSamples {
    private ReadingSamples() {
    }

    static Sample of(Reading r, long seq) {
        long t = r.time().toEpochMilli();
        String q = r.quality() == Quality.GOOD ? null : r.quality().name();
        Object v = r.value();
        if (v instanceof Double d) {
            return Sample.number(r.deviceId(), r.channel(), r.unit(), d, t, q, seq);
        }
        if (v instanceof Boolean b) {
            return Sample.bool(r.deviceId(), r.channel(), b, t, q, seq);
        }
        if (v instanceof String s) {
            return Sample.text(r.deviceId(), r.channel(), s, t, q, seq);
        }
        return Sample.noValue(r.deviceId(), r.channel(), t, r.quality().name(), seq);
    }
}
