package org.hanedge.gateway.serial.internal;

import java.util.Map;

/**
 * One decoded NMEA 0183 sentence.
 *
 * @param talker talker id ({@code GP}, {@code GN}, {@code GL}, {@code GA}, {@code BD} ...)
 * @param type   sentence type without talker ({@code GGA}, {@code RMC}, {@code VTG}, {@code GSA}, {@code GLL},
 *               {@code HDT})
 * @param fields the fields present in the sentence under the profile's field names (docs/profiles.md), empty fields
 *               left out: latitude/longitude in signed decimal degrees, speed in knots (plus {@code speed_kmh} when
 *               VTG carries it), course/heading/magnetic variation in degrees (west variation negative), codes and
 *               counts as numbers, {@code status} as boolean, {@code time}/{@code date} as text as sent
 * @param fix    whether the sentence says the receiver has a valid fix ({@code null} when the sentence does not
 *               say: HDT)
 */
public record NmeaSentence(String talker, String type, Map<String, Object> fields, Boolean fix) {

    public Object field(String name) {
        return fields.get(name);
    }

    public Double number(String name) {
        return fields.get(name) instanceof Double d ? d : null;
    }
}
