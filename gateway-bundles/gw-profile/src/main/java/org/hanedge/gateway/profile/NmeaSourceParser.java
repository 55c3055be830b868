package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.linked;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.ValueKind;

/** Parses a {@code bus: nmea} source: a field of an NMEA 0183 sentence, with the kind and units it allows. */
final class NmeaSourceParser {
    /** What an NMEA field carries and which units may be declared for it (the driver converts to that unit). */
    record NmeaField(ValueKind kind, List<String> units) {
    }

    private static final List<String> VELOCITY = List.of("m/s", "km/h", "[kn_i]");
    private static final List<String> ANGLE = List.of("deg");
    private static final List<String> RATIO = List.of("/");
    private static final NmeaField LAT = new NmeaField(ValueKind.NUMBER, List.of("lat"));
    private static final NmeaField LON = new NmeaField(ValueKind.NUMBER, List.of("lon"));
    private static final NmeaField TEXT = new NmeaField(ValueKind.TEXT, List.of());
    private static final NmeaField FLAG = new NmeaField(ValueKind.BOOLEAN, List.of());
    private static final NmeaField SPEED = new NmeaField(ValueKind.NUMBER, VELOCITY);
    private static final NmeaField HEADING = new NmeaField(ValueKind.NUMBER, ANGLE);
    private static final NmeaField CODE = new NmeaField(ValueKind.NUMBER, RATIO);
    private static final NmeaField METRES = new NmeaField(ValueKind.NUMBER, List.of("m"));

    /** The fields of each sentence (without talker id), in the order they are listed in messages. */
    static final Map<String, Map<String, NmeaField>> NMEA = linked(
            "GGA", linked("time", TEXT, "latitude", LAT, "longitude", LON, "fix_quality", CODE,
                    "satellites", new NmeaField(ValueKind.NUMBER, List.of("count")), "hdop", CODE,
                    "altitude", METRES, "geoid_separation", METRES),
            "RMC", linked("time", TEXT, "status", FLAG, "latitude", LAT, "longitude", LON, "speed", SPEED,
                    "course", HEADING, "date", TEXT, "magnetic_variation", HEADING),
            "VTG", linked("course", HEADING, "course_magnetic", HEADING, "speed", SPEED),
            "GSA", linked("fix_type", CODE, "pdop", CODE, "hdop", CODE, "vdop", CODE),
            "GLL", linked("latitude", LAT, "longitude", LON, "time", TEXT, "status", FLAG),
            "HDT", linked("heading", HEADING));

    private final NodeReader reader;

    NmeaSourceParser(NodeReader reader) {
        this.reader = reader;
    }

    SourceInfo parse(YamlMap s) {
        String sentence = reader.string(s, "sentence", true);
        String field = reader.string(s, "field", true);
        if (sentence == null) {
            return null;
        }
        Map<String, NmeaField> fields = NMEA.get(sentence);
        if (fields == null) {
            String hint = sentence.length() == 5 && NMEA.containsKey(sentence.substring(2))
                    ? "; write it without the talker id: " + sentence.substring(2) : "";
            reader.problem(s.value("sentence"), s.field("sentence"), "unknown NMEA sentence '" + sentence
                    + "' (expected one of " + String.join(", ", NMEA.keySet()) + hint + ")");
            return null;
        }
        if (field == null) {
            return null;
        }
        NmeaField f = fields.get(field);
        if (f == null) {
            reader.problem(s.value("field"), s.field("field"), "unknown " + sentence + " field '" + field
                    + "' (expected one of " + String.join(", ", fields.keySet()) + ")");
            return null;
        }
        return new SourceInfo(new NmeaSource(sentence, field), f.kind(), EnumSet.of(f.kind()),
                f.units().isEmpty() ? null : f.units(), "nmea " + sentence + " " + field);
    }
}
