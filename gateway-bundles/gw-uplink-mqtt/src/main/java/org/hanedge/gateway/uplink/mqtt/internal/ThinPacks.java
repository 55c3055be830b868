package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.ArrayList;
import java.util.List;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.ThinEncoder;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * Cuts samples into thin-form packs ({@link ThinEncoder}, whole seconds) of at most {@code maxMessageBytes} each: the
 * whole list when it fits, else its halves, recursively (a single sample larger than the limit goes alone). A thin
 * pack's size is not the sum of its records' (names and times are shared), so it is measured, not predicted. The
 * messages keep the samples' take order in their {@code seqs}; the pack itself is grouped by name and numbers its
 * records itself (the first record's {@code seq} with {@code sr} or {@code so}), so it is published without the
 * {@code seq} and {@code seq-count} user properties ({@code TelemetryForm.carriesSeqProperties()}).
 */
final class ThinPacks {
    /** Times in a thin pack are whole seconds. */
    static final long TIME_RESOLUTION_MS = 1000;

    private final String gatewayId;
    private final int maxMessageBytes;
    private final Precisions precisions;
    private final ThinEncoder encoder = new ThinEncoder(TIME_RESOLUTION_MS);

    ThinPacks(String gatewayId, int maxMessageBytes, Precisions precisions) {
        this.gatewayId = gatewayId;
        this.maxMessageBytes = maxMessageBytes;
        this.precisions = precisions;
    }

    List<OutgoingMessage> pack(List<Sample> samples, Priority priority) {
        List<OutgoingMessage> out = new ArrayList<>();
        cut(List.copyOf(samples), priority, out);
        return out;
    }

    private void cut(List<Sample> samples, Priority priority, List<OutgoingMessage> out) {
        byte[] pack = encoder.encode(gatewayId, samples, precisions);
        if (pack.length <= maxMessageBytes || samples.size() == 1) {
            List<Long> seqs = new ArrayList<>(samples.size());
            samples.forEach(s -> seqs.add(s.seq()));
            out.add(new OutgoingMessage(MessageBuilder.TELEMETRY, pack, TelemetryForm.THIN.contentType(), seqs,
                    seqs.size(), priority));
            return;
        }
        int half = samples.size() / 2;
        cut(samples.subList(0, half), priority, out);
        cut(samples.subList(half, samples.size()), priority, out);
    }
}
