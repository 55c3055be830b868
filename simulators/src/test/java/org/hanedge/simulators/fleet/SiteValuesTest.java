package org.hanedge.simulators.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.signals.SimClock;
import org.junit.jupiter.api.Test;

/** Site values from the simulator models, driven in backfill time (record time = model time), without a broker. */
class SiteValuesTest {
    static SiteProfile site(String id) throws Exception {
        DeviceProfile p = ProfileLoader.load(Path.of("..", "device-profiles", id + ".yaml"));
        return new SiteProfile(p, ChannelValues.channelsOf(p));
    }

    /** One value of every channel the source reports at {@code millis} (a pack as large as the channel list). */
    static Map<String, Object> snapshot(SiteValues v, SiteProfile site, long millis) {
        v.advance(millis);
        Map<String, Object> out = new HashMap<>();
        // due channels come first and then the others in turn: twice round sees every channel
        for (int i = 0; i < 2 * site.channels().size(); i++) {
            ChannelValues.Channel c = v.nextChannel();
            out.put(c.name(), c.bool() ? (Object) v.bool(c) : (Object) v.number(c));
        }
        return out;
    }

    @Test
    void aStormFillsEveryPumpStationsWetWellAboveTheHighLimitAtAnyTimeOfDay() throws Exception {
        SiteProfile site = site("pump-station");
        for (int hour = 0; hour < 24; hour += 2) {
            long t0 = ZonedDateTime.of(2026, 10, 15, hour, 0, 0, 0, SimClock.DA_NANG).toInstant().toEpochMilli();
            SiteValues storm = new SiteValues(site, SiteTime.backfill(t0, true), "PS-" + hour, 1);
            SiteValues calm = new SiteValues(site, SiteTime.backfill(t0, false), "PS-" + hour, 1);
            double maxStorm = 0;
            double maxCalm = 0;
            double maxRain = 0;
            boolean floatSeen = false;
            boolean standbySeen = false;
            int aboveHigh = 0;
            for (long s = 0; s <= 3 * 3600; s += 30) {
                Map<String, Object> a = snapshot(storm, site, t0 + s * 1000);
                Map<String, Object> b = snapshot(calm, site, t0 + s * 1000);
                maxStorm = Math.max(maxStorm, (double) a.get("wet_well_level"));
                aboveHigh += (double) a.get("wet_well_level") > 3.5 ? 1 : 0;
                maxCalm = Math.max(maxCalm, (double) b.get("wet_well_level"));
                maxRain = Math.max(maxRain, (double) a.get("rain_rate"));
                floatSeen |= (boolean) a.get("high_level_float");
                standbySeen |= (boolean) a.get("pump3_run");
                assertFalse((boolean) b.get("high_level_float"));
            }
            // above the high limit for 10 minutes at least (so a gateway sampling every few minutes sees it), but
            // never above the top of the well
            assertTrue(maxStorm > 3.5 && maxStorm < 4.6, hour + ":00 storm level " + maxStorm);
            assertTrue(aboveHigh >= 20, hour + ":00 above the high limit in " + aboveHigh + " samples");
            assertTrue(maxCalm < 3.5, hour + ":00 calm level " + maxCalm);
            assertEquals(60, maxRain, 1);
            assertTrue(floatSeen && standbySeen, hour + ":00 float " + floatSeen + ", standby " + standbySeen);
        }
    }

    @Test
    void trucksAndBoatsAreSpreadAlongTheirRoutes() throws Exception {
        SiteProfile truck = site("waste-truck");
        long t0 = System.currentTimeMillis();
        SiteTime time = SiteTime.backfill(t0, false);
        Map<String, Object> a = snapshot(new SiteValues(truck, time, "WT-1", 1), truck, t0);
        Map<String, Object> b = snapshot(new SiteValues(truck, time, "WT-2", 1), truck, t0);
        assertNotEquals(a.get("position_lat") + "," + a.get("position_lon"),
                b.get("position_lat") + "," + b.get("position_lon"));
    }

    @Test
    void someBoatsAreAtSeaWhileOthersAreInHarbour() throws Exception {
        SiteProfile boat = site("fishing-boat");
        long t0 = System.currentTimeMillis();
        SiteTime time = SiteTime.backfill(t0, false);
        int harbour = 0;
        int sea = 0;
        int noPosition = 0;
        for (int i = 1; i <= 200; i++) {
            Map<String, Object> v = snapshot(new SiteValues(boat, time, "VB-" + i, 1), boat, t0);
            if (!v.containsKey("position_lat")) {
                noPosition++;
                continue;
            }
            double km = Route.distanceM((double) v.get("position_lat"), (double) v.get("position_lon"),
                    Routes.HARBOUR_LAT, Routes.HARBOUR_LON) / 1000;
            if (km < 0.5) {
                harbour++;
                assertEquals(0.0, (double) v.get("speed"));
            } else if (km > 20) {
                sea++;
            }
        }
        assertTrue(harbour >= 20 && sea >= 60 && noPosition < 100, harbour + " in harbour, " + sea + " at sea, "
                + noPosition + " without a fix");
    }
}
