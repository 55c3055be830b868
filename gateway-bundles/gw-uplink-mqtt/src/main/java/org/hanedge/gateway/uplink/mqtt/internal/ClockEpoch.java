package org.hanedge.gateway.uplink.mqtt.internal;

/**
 * A range of sequence numbers during which the gateway's wall clock ran without a step. Seqs from {@code firstSeq} on
 * belong to this epoch (unless a newer one claims them); seqs in {@code [ambiguousFromSeq, firstSeq)} were appended
 * around the epoch's start and belong to it only when their local time lies in {@code [windowFrom, windowTo]}
 * (the epoch's clock at that moment), otherwise to an older epoch.
 *
 * @param boot             which start of the uplink (persisted counter) the epoch belongs to
 * @param offsetMillis     wall minus monotonic clock during the epoch (meaningful within its boot only)
 * @param correctionMillis true minus local time, or null while unknown
 */
record ClockEpoch(int boot, long ambiguousFromSeq, long firstSeq, long windowFrom, long windowTo, long offsetMillis,
        Long correctionMillis) {

    boolean claims(long seq, long localMillis) {
        return seq >= firstSeq || (seq >= ambiguousFromSeq && localMillis >= windowFrom && localMillis <= windowTo);
    }

    ClockEpoch withCorrection(long correction) {
        return new ClockEpoch(boot, ambiguousFromSeq, firstSeq, windowFrom, windowTo, offsetMillis, correction);
    }

    String line() {
        return "epoch " + boot + " " + ambiguousFromSeq + " " + firstSeq + " " + windowFrom + " " + windowTo + " "
                + offsetMillis + " " + (correctionMillis == null ? "-" : correctionMillis.toString());
    }

    static ClockEpoch parse(String[] f) {
        return new ClockEpoch(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                Long.parseLong(f[5]), Long.parseLong(f[6]), "-".equals(f[7]) ? null : Long.valueOf(f[7]));
    }
}
