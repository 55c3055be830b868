package org.hanedge.simulators.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlEncoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.ThinEncoder;

/**
 * Makes one virtual gateway's telemetry packs with the wire contract's encoders (docs/uplink.md, "Wire contract"):
 * SenML JSON, SenML CBOR or the thin form, as a real gateway configured with that {@link TelemetryForm} sends them.
 * Immutable and thread-safe.
 */
final class TelemetryPacks {
    /** Time resolution of the thin form: whole seconds, as a gateway on a thin link sends. */
    static final long THIN_TIME_RESOLUTION_MS = 1000;

    private final TelemetryForm form;
    private final String gatewayId;
    private final String deviceId;
    private final Precisions precisions;
    private final SenmlEncoder encoder;
    private final ThinEncoder thin;

    /**
     * @param precisions each channel's precision; see {@link FleetPrecisions}
     */
    TelemetryPacks(TelemetryForm form, String gatewayId, String deviceId, Precisions precisions) {
        this.form = Objects.requireNonNull(form, "form");
        this.gatewayId = gatewayId;
        this.deviceId = deviceId;
        this.precisions = Objects.requireNonNull(precisions, "precisions");
        this.encoder = form == TelemetryForm.JSON ? new SenmlEncoder(SenmlFormat.JSON)
                : new SenmlEncoder(SenmlFormat.CBOR);
        this.thin = new ThinEncoder(THIN_TIME_RESOLUTION_MS);
    }

    TelemetryForm form() {
        return form;
    }

    /**
     * A pack of {@code count} readings with sequence numbers {@code firstSeq ...}, all at {@code timeMillis}; channels
     * and values come from {@code values}, which the caller has advanced to {@code timeMillis}.
     */
    byte[] encode(ValueSource values, int count, long firstSeq, long timeMillis) {
        return encode(samples(values, count, firstSeq, timeMillis));
    }

    /** The samples of a pack, in take order. */
    List<Sample> samples(ValueSource values, int count, long firstSeq, long timeMillis) {
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ChannelValues.Channel c = values.nextChannel();
            long seq = firstSeq + i;
            samples.add(c.bool() ? Sample.bool(deviceId, c.name(), values.bool(c), timeMillis, null, seq)
                    : Sample.number(deviceId, c.name(), c.unit(), values.number(c), timeMillis, null, seq));
        }
        return samples;
    }

    byte[] encode(List<Sample> samples) {
        return form == TelemetryForm.THIN ? thin.encode(gatewayId, samples, precisions)
                : encoder.encodePack(gatewayId, samples, precisions);
    }
}
