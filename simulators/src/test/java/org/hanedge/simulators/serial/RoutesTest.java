package org.hanedge.simulators.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void wasteTruckCollectsThenIsWeighedAndTippedAtKhanhSon() {
        Route r = Routes.wasteTruck();
        double arrival = r.arrival(Routes.WEIGHBRIDGE);
        Route.State before = r.at(arrival - 1);
        assertTrue(before.loadKg() > 1000, "loaded before the landfill: " + before.loadKg());
        Route.State weighing = r.at(arrival + 10);
        assertEquals(Routes.LANDFILL_LAT, weighing.lat(), 1e-9);
        assertEquals(Routes.LANDFILL_LON, weighing.lon(), 1e-9);
        assertEquals(0, weighing.speedKn(), 1e-9);
        assertEquals(before.loadKg(), weighing.loadKg(), 1e-9, "weighed with the load on");
        assertEquals(0, r.at(arrival + 200).loadKg(), 1e-9, "tipped after the weigh");
        // load only grows during collection, one step per lift
        double last = 0;
        for (double lt : r.liftTimes()) {
            double l = r.at(lt + 0.01).loadKg();
            assertTrue(l > last && l - last >= 40 && l - last <= 90, "lift adds 40-90 kg: " + (l - last));
            assertFalse(r.at(lt + 1).stable());
            last = l;
        }
        assertTrue(r.liftTimes().size() >= 15);
    }

    @Test
    void legSpeedMatchesDistanceOverTime() {
        Route r = Routes.wasteTruck();
        double t = r.arrival(Routes.WEIGHBRIDGE) - 60;
        Route.State a = r.at(t);
        Route.State b = r.at(t + 10);
        double metres = Route.distanceM(a.lat(), a.lon(), b.lat(), b.lon());
        assertEquals(a.speedKn() * 1852 / 3600 * 10, metres, 1.0);
        assertEquals(Route.bearing(a.lat(), a.lon(), b.lat(), b.lon()), a.courseDeg(), 0.5);
    }

    @Test
    void fishingBoatLeavesThoQuangForDaysWithLossOfFixAndSilentGaps() {
        Route r = Routes.fishingBoat();
        Route.State s = r.at(0);
        assertEquals(Routes.HARBOUR_LAT, s.lat(), 1e-9);
        assertEquals(Routes.HARBOUR_LON, s.lon(), 1e-9);
        assertTrue(r.duration() > 2 * 86400, "multi-day: " + r.duration() / 3600 + " h");
        assertTrue(r.outages().stream().anyMatch(o -> o.kind() == Route.OutageKind.NO_FIX));
        assertTrue(r.outages().stream().anyMatch(o -> o.kind() == Route.OutageKind.SILENT
                && o.toS() - o.fromS() >= 6 * 3600));
        Route.Outage noFix = r.outages().get(0);
        assertFalse(r.at(noFix.fromS() + 1).fix());
        assertTrue(r.at(noFix.toS() + 1).fix());
        Route.State far = r.at(20 * 3600);
        assertTrue(Route.distanceM(far.lat(), far.lon(), Routes.HARBOUR_LAT, Routes.HARBOUR_LON) > 80_000);
    }

    @Test
    void nmeaSentencesCarryValidChecksumsAndTheRoutePosition() {
        Route r = Routes.wasteTruck();
        Route.State s = r.at(600);
        List<String> lines = NmeaGps.sentences("GN", s, Instant.parse("2025-03-01T23:15:30Z"));
        assertEquals(4, lines.size());
        for (String line : lines) {
            assertTrue(line.length() <= 80, line);
            int star = line.indexOf('*');
            int sum = 0;
            for (char c : line.substring(1, star).toCharArray()) {
                sum ^= c;
            }
            assertEquals(String.format("%02X", sum), line.substring(star + 1), line);
            assertTrue(line.startsWith("$GN"), line);
        }
        String[] gga = lines.get(0).split("[,*]");
        double lat = Integer.parseInt(gga[2].substring(0, 2)) + Double.parseDouble(gga[2].substring(2)) / 60;
        double lon = Integer.parseInt(gga[4].substring(0, 3)) + Double.parseDouble(gga[4].substring(3)) / 60;
        assertEquals(s.lat(), lat, 1e-6);
        assertEquals(s.lon(), lon, 1e-6);
        assertEquals("231530.00", gga[1]);
        assertTrue(lines.get(1).contains(",010325,"), lines.get(1));
        assertEquals(18, lines.get(3).split("\\*")[0].split(",", -1).length, "GSA: address + 17 fields");
    }

    @Test
    void noFixSentencesLeaveThePositionEmpty() {
        Route.State s = new Route.State(0, 16, 108, 0, 0, false, false, 2, 99.99, 0, true, "x");
        List<String> lines = NmeaGps.sentences("GP", s, Instant.EPOCH);
        assertTrue(lines.get(0).startsWith("$GPGGA,000000.00,,,,,0,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("$GPRMC,000000.00,V,,,,,"), lines.get(1));
    }

    @Test
    void scaleLinesMatchTheWasteTruckProfilePattern() {
        Pattern p = Pattern.compile("^ST,GS,\\s*([-+]?\\d+(\\.\\d+)?)\\s*kg$");
        Matcher m = p.matcher(ScaleIndicator.line(1234.56, true));
        assertTrue(m.matches(), ScaleIndicator.line(1234.56, true));
        assertEquals(1234.6, Double.parseDouble(m.group(1)), 1e-9);
        assertTrue(p.matcher(ScaleIndicator.line(0, true)).matches());
        assertFalse(p.matcher(ScaleIndicator.line(50, false)).matches(), "unstable lines are not taken");
    }
}
