package org.hanedge.gateway.serial.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.NmeaSource;

/**
 * Turns decoded sentences into readings of a profile's NMEA channels ({@code bus: nmea}); a channel takes its field
 * from sentences of its type from any talker.
 *
 * <p>Fix handling (a lost fix is reported as quality, never as a zero position):
 * <ul>
 *   <li>fix descriptors ({@code fix_quality}, {@code fix_type}, {@code status}, {@code satellites}, DOPs, time,
 *       date) are always GOOD: with no fix they say so ({@code fix_quality} 0, {@code status} false);</li>
 *   <li>with a valid fix, position, speed, course, altitude are GOOD (UNCERTAIN for GGA fix quality 6, dead
 *       reckoning);</li>
 *   <li>without a fix (GGA quality 0, RMC/GLL status V or mode N, VTG mode N) a position the receiver still prints
 *       is UNCERTAIN; a receiver that leaves it empty gets the last fixed position repeated as UNCERTAIN (OPC UA's
 *       "last usable value"), or no position reading at all if there never was a fix; speed and course are UNCERTAIN
 *       when present and left out when empty;</li>
 *   <li>an exact 0,0 position is treated as empty (receivers print it before their first fix).</li>
 * </ul>
 * Units: speed is converted from knots to the channel's unit ({@code m/s}, {@code km/h}, {@code [kn_i]}); VTG's own
 * km/h field is used for km/h channels.
 */
public final class NmeaChannels {
    public static final double KMH_PER_KNOT = 1.852;
    public static final double MS_PER_KNOT = 1852.0 / 3600.0;

    private final String deviceId;
    private final Map<String, List<ChannelSpec>> byType = new HashMap<>();
    private final Map<String, Double> lastFixed = new HashMap<>();

    public NmeaChannels(String deviceId, List<ChannelSpec> channels) {
        this.deviceId = deviceId;
        for (ChannelSpec c : channels) {
            if (c.source() instanceof NmeaSource s) {
                byType.computeIfAbsent(s.sentence(), k -> new ArrayList<>()).add(c);
            }
        }
    }

    /** Whether any channel takes its value from sentences of this type. */
    public boolean wants(String type) {
        return byType.containsKey(type);
    }

    /** The readings one sentence gives; empty when no channel uses its type. */
    public List<Reading> readings(NmeaSentence s, Instant time) {
        List<ChannelSpec> channels = byType.get(s.type());
        if (channels == null) {
            return List.of();
        }
        boolean fix = !Boolean.FALSE.equals(s.fix());
        boolean deadReckoning = "GGA".equals(s.type()) && Double.valueOf(6).equals(s.number("fix_quality"));
        boolean zeroPosition = Double.valueOf(0).equals(s.number("latitude"))
                && Double.valueOf(0).equals(s.number("longitude"));
        List<Reading> out = new ArrayList<>(channels.size());
        for (ChannelSpec c : channels) {
            NmeaSource src = (NmeaSource) c.source();
            String field = src.field();
            switch (field) {
                case "fix_quality", "fix_type", "status", "satellites", "hdop", "pdop", "vdop", "time", "date" -> {
                    Object v = s.field(field);
                    if (v != null) {
                        out.add(new Reading(deviceId, c.name(), v, c.unit(), time, Quality.GOOD));
                    }
                }
                case "latitude", "longitude" -> {
                    Double v = zeroPosition ? null : s.number(field);
                    if (v != null && fix) {
                        lastFixed.put(c.name(), v);
                        out.add(new Reading(deviceId, c.name(), v, c.unit(), time,
                                deadReckoning ? Quality.UNCERTAIN : Quality.GOOD));
                    } else if (v != null) {
                        out.add(new Reading(deviceId, c.name(), v, c.unit(), time, Quality.UNCERTAIN));
                    } else if (!fix && lastFixed.containsKey(c.name())) {
                        out.add(new Reading(deviceId, c.name(), lastFixed.get(c.name()), c.unit(), time,
                                Quality.UNCERTAIN));
                    }
                }
                case "speed" -> {
                    Double v = speed(s, c.unit());
                    if (v != null) {
                        out.add(new Reading(deviceId, c.name(), v, c.unit(), time,
                                fix && !deadReckoning ? Quality.GOOD : Quality.UNCERTAIN));
                    }
                }
                default -> {
                    Double v = s.number(field);
                    if (v != null) {
                        out.add(new Reading(deviceId, c.name(), v, c.unit(), time,
                                fix && !deadReckoning ? Quality.GOOD : Quality.UNCERTAIN));
                    }
                }
            }
        }
        return out;
    }

    /** Speed in the channel's unit, from knots (or VTG's km/h field for km/h channels). */
    static Double speed(NmeaSentence s, String unit) {
        Double kn = s.number("speed");
        if ("km/h".equals(unit)) {
            Double kmh = s.number("speed_kmh");
            return kmh != null ? kmh : kn == null ? null : kn * KMH_PER_KNOT;
        }
        if (kn == null) {
            return null;
        }
        return "m/s".equals(unit) ? kn * MS_PER_KNOT : kn;
    }
}
