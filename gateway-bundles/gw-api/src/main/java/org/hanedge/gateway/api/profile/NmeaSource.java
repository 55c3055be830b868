package org.hanedge.gateway.api.profile;

/**
 * A field of an NMEA 0183 sentence from a GPS receiver on a serial port.
 *
 * @param sentence sentence type without talker id ({@code GGA}, {@code RMC}, {@code VTG}, {@code GSA})
 * @param field    field name ({@code latitude}, {@code longitude}, {@code speed}, {@code course}, {@code hdop},
 *                 {@code satellites}, {@code fix_quality} ...)
 */
public record NmeaSource(String sentence, String field) implements Source {
    @Override
    public String bus() {
        return "nmea";
    }
}
