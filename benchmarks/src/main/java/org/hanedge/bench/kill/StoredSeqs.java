package org.hanedge.bench.kill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.simulators.fleet.GatewayReport;

/**
 * The acknowledged sequence numbers of every virtual gateway against the raw readings in the server's database.
 * Acknowledged: the fleet ended with every reading it took acknowledged (taken = acked, nothing in flight, in a backlog
 * or dropped; {@link #check} refuses anything else), so it is each gateway's whole range {@code firstSeq .. nextSeq-1}:
 * a virtual gateway removes a pack from its backlog only on its PUBACK.
 *
 * @param taken       readings the gateways took
 * @param acked       readings PUBACKed by the broker
 * @param stored      distinct (gateway, seq) in the {@code reading} table
 * @param missing     acknowledged but not stored
 * @param duplicates  rows beyond the first of a (gateway, seq)
 * @param unexpected  stored seqs no gateway took (outside its range)
 * @param examples    a few missing or duplicated seqs, for the report
 */
public record StoredSeqs(long taken, long acked, long stored, long missing, long duplicates, long unexpected,
        List<String> examples) {
    private static final int EXAMPLES = 10;

    /** Reads every (gateway, seq) of the {@code reading} table and compares it with the fleet's report. */
    public static StoredSeqs check(Connection db, List<GatewayReport> fleet) throws SQLException {
        long taken = 0;
        long acked = 0;
        Map<String, GatewayReport> byId = new HashMap<>();
        for (GatewayReport g : fleet) {
            if (g.readingsAcked() != g.readingsTaken() || g.inFlightReadings() != 0 || g.backlogReadings() != 0
                    || g.readingsDropped() != 0) {
                throw new IllegalStateException("the fleet did not end with every reading acknowledged, so the "
                        + "acknowledged seqs are not known exactly: " + g);
            }
            taken += g.readingsTaken();
            acked += g.readingsAcked();
            byId.put(g.gatewayId(), g);
        }
        Map<String, BitSet> seen = new HashMap<>();
        Map<String, BitSet> twice = new HashMap<>();
        long duplicates = 0;
        long unexpected = 0;
        long stored = 0;
        List<String> examples = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(
                "SELECT s.gateway_id, r.seq FROM reading r JOIN series s ON s.id = r.series_id")) {
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String gw = rs.getString(1);
                    long seq = rs.getLong(2);
                    GatewayReport g = byId.get(gw);
                    if (g == null || seq < g.firstSeq() || seq >= g.nextSeq()) {
                        unexpected++;
                        continue;
                    }
                    int bit = Math.toIntExact(seq - g.firstSeq());
                    BitSet s = seen.computeIfAbsent(gw, k -> new BitSet());
                    if (s.get(bit)) {
                        duplicates++;
                        if (!twice.computeIfAbsent(gw, k -> new BitSet()).get(bit) && examples.size() < EXAMPLES) {
                            examples.add("stored twice: " + gw + " seq " + seq);
                        }
                        twice.get(gw).set(bit);
                    } else {
                        s.set(bit);
                        stored++;
                    }
                }
            }
        }
        long missing = 0;
        for (GatewayReport g : fleet) {
            BitSet s = seen.getOrDefault(g.gatewayId(), new BitSet());
            int n = Math.toIntExact(g.readingsTaken());
            for (int i = s.nextClearBit(0); i < n; i = s.nextClearBit(i + 1)) {
                missing++;
                if (examples.size() < EXAMPLES) {
                    examples.add("missing: " + g.gatewayId() + " seq " + (g.firstSeq() + i));
                }
            }
        }
        return new StoredSeqs(taken, acked, stored, missing, duplicates, unexpected, List.copyOf(examples));
    }
}
