package org.hanedge.gateway.serial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NmeaParserTest {
    static final String GGA = "$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76";
    static final String RMC = "$GPRMC,092750.000,A,5321.6802,N,00630.3372,W,0.02,31.66,280511,,,A*43";

    static ChannelSpec nmea(String name, String unit, String sentence, String field) {
        ValueKind kind = field.equals("status") ? ValueKind.BOOLEAN
                : field.equals("time") || field.equals("date") ? ValueKind.TEXT : ValueKind.NUMBER;
        return new ChannelSpec(name, name, unit, kind, new NmeaSource(sentence, field), Duration.ofSeconds(5),
                Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null);
    }

    @Test
    void decodesGgaWithAnyTalker() {
        for (String talker : List.of("GP", "GN", "GL", "GA", "BD")) {
            String line = NmeaParser.sentence(talker + GGA.substring(3, GGA.indexOf('*')));
            NmeaParser.Result r = NmeaParser.parse(line);
            assertTrue(r.ok(), line + " " + r.detail());
            assertEquals(talker, r.sentence().talker());
            assertEquals("GGA", r.sentence().type());
            assertEquals(53 + 21.6802 / 60, r.sentence().number("latitude"), 1e-9);
            assertEquals(-(6 + 30.3372 / 60), r.sentence().number("longitude"), 1e-9);
            assertEquals(1.0, r.sentence().number("fix_quality"));
            assertEquals(8.0, r.sentence().number("satellites"));
            assertEquals(1.03, r.sentence().number("hdop"));
            assertEquals(61.7, r.sentence().number("altitude"));
            assertEquals("092750.000", r.sentence().field("time"));
        }
        assertTrue(NmeaParser.parse(GGA).ok(), "a published real-world sentence");
        assertTrue(NmeaParser.parse(RMC).ok(), "a published real-world sentence");
    }

    @Test
    void decodesRmcVtgGsa() {
        NmeaSentence rmc = NmeaParser.parse(RMC).sentence();
        assertEquals(Boolean.TRUE, rmc.field("status"));
        assertEquals(0.02, rmc.number("speed"));
        assertEquals(31.66, rmc.number("course"));
        assertEquals("280511", rmc.field("date"));
        NmeaSentence vtg = NmeaParser.parse(NmeaParser.sentence("GNVTG,054.7,T,034.4,M,005.5,N,010.2,K,A")).sentence();
        assertEquals(54.7, vtg.number("course"));
        assertEquals(34.4, vtg.number("course_magnetic"));
        assertEquals(5.5, vtg.number("speed"));
        assertEquals(10.2, vtg.number("speed_kmh"));
        NmeaSentence gsa = NmeaParser.parse(NmeaParser.sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1")).sentence();
        assertEquals(3.0, gsa.number("fix_type"));
        assertEquals(2.5, gsa.number("pdop"));
        assertEquals(1.3, gsa.number("hdop"));
        assertEquals(2.1, gsa.number("vdop"));
        assertTrue(gsa.fix());
    }

    @Test
    void refusesBadInputWithAReason() {
        assertEquals(BadInput.BAD_CHECKSUM, NmeaParser.parse(GGA.replace("*76", "*77")).error());
        assertEquals(BadInput.BAD_CHECKSUM, NmeaParser.parse(GGA.replace("5321", "5322")).error());
        assertEquals(BadInput.NO_CHECKSUM, NmeaParser.parse(GGA.substring(0, GGA.indexOf('*'))).error());
        assertEquals(BadInput.NO_CHECKSUM, NmeaParser.parse(GGA.substring(0, 40)).error(), "truncated (split)");
        assertEquals(BadInput.GARBAGE, NmeaParser.parse("GPGGA,1,2*00").error());
        assertEquals(BadInput.UNSUPPORTED, NmeaParser.parse(NmeaParser.sentence("GPGSV,3,1,11,03,03,111,00")).error());
        assertEquals(BadInput.UNSUPPORTED, NmeaParser.parse(NmeaParser.sentence("PGRME,15.0,M,45.0,M,25.0,M")).error());
        assertEquals(BadInput.MALFORMED, NmeaParser.parse(NmeaParser.sentence("GPGGA,1,xx21.6,N,00630.3,W,1,8,1,1,M")).error());
        assertEquals(BadInput.MALFORMED, NmeaParser.parse(NmeaParser.sentence("GPRMC,1,Q,,,,,,,010125,,")).error());
        String longBody = "GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,,,,,,,,,,,,,,,,,,";
        String tooLong = NmeaParser.sentence(longBody);
        assertTrue(tooLong.length() + 2 > 82);
        assertEquals(BadInput.TOO_LONG, NmeaParser.parse(tooLong).error());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomBytesNeverThrow(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(100)];
            rnd.nextBytes(b);
            if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = '$';
            }
            NmeaParser.Result r = NmeaParser.parse(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertTrue(r.ok() || r.error() != null);
        }
    }

    @Test
    void channelsConvertSpeedAndNeverReportAZeroPosition() {
        NmeaChannels ch = new NmeaChannels("gps", List.of(nmea("lat", "lat", "GGA", "latitude"),
                nmea("lon", "lon", "GGA", "longitude"), nmea("fix", "/", "GGA", "fix_quality"),
                nmea("kmh", "km/h", "RMC", "speed"), nmea("ms", "m/s", "RMC", "speed"),
                nmea("kn", "[kn_i]", "RMC", "speed"), nmea("valid", null, "RMC", "status")));
        Instant t = Instant.now();
        String rmc = NmeaParser.sentence("GPRMC,092750.000,A,1603.0000,N,10808.0000,E,10.0,31.66,280511,,,A");
        List<Reading> rs = ch.readings(NmeaParser.parse(rmc).sentence(), t);
        assertEquals(18.52, value(rs, "kmh"), 1e-9);
        assertEquals(5.144444, value(rs, "ms"), 1e-6);
        assertEquals(10.0, value(rs, "kn"), 1e-9);
        List<Reading> fixed = ch.readings(NmeaParser.parse(NmeaParser.sentence(
                "GNGGA,092750.00,1603.0000,N,10808.0000,E,1,09,0.9,12.0,M,27.0,M,,")).sentence(), t);
        assertEquals(16.05, value(fixed, "lat"), 1e-9);
        assertTrue(fixed.stream().allMatch(r -> r.quality() == Quality.GOOD));
        // fix lost, position left empty: last fixed position repeated as UNCERTAIN, fix quality 0 says why
        List<Reading> lost = ch.readings(NmeaParser.parse(NmeaParser.sentence(
                "GNGGA,092751.00,,,,,0,02,99.99,,,,,,")).sentence(), t);
        assertEquals(Quality.UNCERTAIN, get(lost, "lat").quality());
        assertEquals(16.05, value(lost, "lat"), 1e-9);
        assertEquals(0.0, value(lost, "fix"));
        assertEquals(Quality.GOOD, get(lost, "fix").quality());
        // receivers print 0,0 before their first fix: never reported
        NmeaChannels cold = new NmeaChannels("gps", List.of(nmea("lat", "lat", "GGA", "latitude")));
        assertTrue(cold.readings(NmeaParser.parse(NmeaParser.sentence(
                "GPGGA,000001.00,0000.0000,N,00000.0000,E,0,00,99.99,,,,,,")).sentence(), t).isEmpty());
        List<Reading> v = ch.readings(NmeaParser.parse(NmeaParser.sentence("GPRMC,1,V,,,,,,,010125,,,N")).sentence(), t);
        assertEquals(Boolean.FALSE, get(v, "valid").value());
        assertNull(get(v, "kmh"), "no speed without fix and value");
    }

    private static Reading get(List<Reading> rs, String ch) {
        return rs.stream().filter(r -> r.channel().equals(ch)).findFirst().orElse(null);
    }

    private static double value(List<Reading> rs, String ch) {
        return get(rs, ch).numberValue();
    }

    @Test
    void framerJoinsSplitAndSeparatesMergedSentencesAndCountsGarbage() {
        List<String> lines = new java.util.ArrayList<>();
        List<BadInput> bad = new java.util.ArrayList<>();
        LineFramer f = LineFramer.nmea(new LineFramer.Listener() {
            @Override
            public void line(String line) {
                lines.add(line);
            }

            @Override
            public void bad(BadInput reason, CharSequence sample) {
                bad.add(reason);
            }
        });
        byte[] a = (GGA + "\r\n").getBytes();
        f.feed(a, 0, 10);
        f.feed(a, 10, a.length - 10);
        byte[] merged = (GGA + RMC + "\r\n").getBytes();
        f.feed(merged, 0, merged.length);
        byte[] junk = {(byte) 0xff, 0x13, 'x', 'y', '\r', '\n'};
        f.feed(junk, 0, junk.length);
        byte[] overlong = ("$GPGGA," + "1,".repeat(60) + "*00\r\n").getBytes();
        f.feed(overlong, 0, overlong.length);
        assertEquals(List.of(GGA, GGA, RMC), lines);
        assertEquals(List.of(BadInput.GARBAGE, BadInput.TOO_LONG), bad);
        assertFalse(lines.contains(""));
    }
}
