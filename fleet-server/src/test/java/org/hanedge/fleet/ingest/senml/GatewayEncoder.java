package org.hanedge.fleet.ingest.senml;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Reading;

/**
 * Packs as a gateway sends them: each record encoded by the gateway's own {@code SenmlEncoder} (gw-uplink-mqtt), the
 * base name on the first record and whenever the device changes ({@code MessageBuilder}'s rule), a pack being the
 * concatenation of the encoded records.
 */
final class GatewayEncoder {

    private GatewayEncoder() {
    }

    /** A pack of readings with consecutive seqs from {@code firstSeq}. */
    static byte[] pack(SenmlFormat format, String gatewayId, List<Reading> readings, long firstSeq) {
        List<byte[]> records = new ArrayList<>();
        String device = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            String bn = r.deviceId().equals(device) ? null : gatewayId + "/" + r.deviceId() + "/";
            device = r.deviceId();
            records.add(record(format, bn, r, firstSeq + i));
        }
        return join(format, records);
    }

    static byte[] join(SenmlFormat format, List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format == SenmlFormat.JSON) {
            out.write('[');
            for (int i = 0; i < records.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(records.get(i));
            }
            out.write(']');
        } else {
            int n = records.size();
            if (n < 24) {
                out.write(0x80 | n);
            } else if (n < 256) {
                out.write(0x98);
                out.write(n);
            } else {
                out.write(0x99);
                out.write(n >>> 8);
                out.write(n);
            }
            records.forEach(out::writeBytes);
        }
        return out.toByteArray();
    }

    /** One record, encoded by the gateway's own encoder (gw-uplink-mqtt), so the wire format cannot drift. */
    static byte[] record(SenmlFormat format, String baseName, Reading r, long seq) {
        org.hanedge.gateway.uplink.mqtt.internal.SenmlFormat gatewayFormat = format == SenmlFormat.JSON
                ? org.hanedge.gateway.uplink.mqtt.internal.SenmlFormat.JSON
                : org.hanedge.gateway.uplink.mqtt.internal.SenmlFormat.CBOR;
        return new org.hanedge.gateway.uplink.mqtt.internal.SenmlEncoder(gatewayFormat).encodeRecord(baseName, r, seq);
    }
}
