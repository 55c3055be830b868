package org.hanedge.gateway.uplink.mqtt.internal;

/**
 * The time correction's state, for the stats topic.
 *
 * @param synchronised      whether the true time of this boot is known (else records of this boot are held)
 * @param source            where it came from
 * @param correctionMillis  true minus local time for records taken now, or null while unknown
 * @param lastOffsetMillis  the last offset measured against the server (true minus local), or null if none
 * @param lastRttMillis     the round trip of that measurement, or null
 * @param epochs            epochs in the table
 * @param uncorrected       records encoded with their local time because their epoch's correction was never learnt
 */
public record ClockStatus(boolean synchronised, TimeSource source, Long correctionMillis, Long lastOffsetMillis,
        Long lastRttMillis, int epochs, long uncorrected) {
}
