package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.DropReason;

/**
 * The checkpoint's byte layout: {@code [int body length][int crc32c of body]} then the body (magic, version,
 * generation, sequence high-water mark, per lane: name, watermark, acknowledged seqs; drops: name, count), padded
 * to whole 4 KiB slots.
 */
final class CheckpointFormat {
    static final int STATE_MAGIC = 0x48455354; // "HEST"
    static final int STATE_VERSION = 1;
    static final int STATE_SLOT_BYTES = 4096;

    /** A parsed checkpoint; lanes and drop reasons by name. */
    record Snapshot(long gen, long hwm, Map<String, Long> watermarks, Map<String, List<Long>> acked,
            Map<String, Long> drops) {
    }

    private CheckpointFormat() {
    }

    /** Called with the outbox lock held (reads the lanes and counters). */
    static byte[] encode(long gen, long hwm, Lane[] lanes, DropCounters drops) {
        PayloadCodec.Bytes b = new PayloadCodec.Bytes(512);
        b.putInt(0); // length of body
        b.putInt(0); // crc of body
        b.putInt(STATE_MAGIC);
        b.putInt(STATE_VERSION);
        b.putLong(gen);
        b.putLong(hwm);
        b.putInt(lanes.length);
        for (Lane lane : lanes) {
            b.putString(lane.priority.name());
            b.putLong(lane.watermark);
            b.putInt(lane.acked.size());
            for (long s : lane.acked) {
                b.putLong(s);
            }
        }
        DropReason[] reasons = DropReason.values();
        b.putInt(reasons.length);
        for (DropReason r : reasons) {
            b.putString(r.name());
            b.putLong(drops.get(r));
        }
        int bodyLen = b.len - 8;
        CRC32C crc = new CRC32C();
        crc.update(b.buf, 8, bodyLen);
        b.putIntAt(0, bodyLen);
        b.putIntAt(4, (int) crc.getValue());
        int padded = ((b.len + STATE_SLOT_BYTES - 1) / STATE_SLOT_BYTES) * STATE_SLOT_BYTES;
        byte[] out = new byte[padded];
        System.arraycopy(b.buf, 0, out, 0, b.len);
        return out;
    }

    static Snapshot parse(ByteBuffer in) throws IOException {
        int bodyLen = in.getInt();
        int crcValue = in.getInt();
        if (bodyLen < 24 || bodyLen > in.remaining()) {
            throw new IOException("bad length " + bodyLen);
        }
        CRC32C crc = new CRC32C();
        crc.update(in.array(), 8, bodyLen);
        if ((int) crc.getValue() != crcValue) {
            throw new IOException("checksum mismatch");
        }
        if (in.getInt() != STATE_MAGIC || in.getInt() != STATE_VERSION) {
            throw new IOException("not an outbox checkpoint");
        }
        long gen = in.getLong();
        long hwm = in.getLong();
        Map<String, Long> watermarks = new HashMap<>();
        Map<String, List<Long>> acked = new HashMap<>();
        int nLanes = in.getInt();
        for (int i = 0; i < nLanes; i++) {
            String name = readString(in);
            watermarks.put(name, in.getLong());
            int n = in.getInt();
            List<Long> a = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                a.add(in.getLong());
            }
            acked.put(name, a);
        }
        Map<String, Long> drops = new HashMap<>();
        int nDrops = in.getInt();
        for (int i = 0; i < nDrops; i++) {
            String name = readString(in);
            drops.put(name, in.getLong());
        }
        return new Snapshot(gen, hwm, watermarks, acked, drops);
    }

    private static String readString(ByteBuffer in) {
        int len = (int) PayloadCodec.getVarLong(in);
        String s = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }
}
