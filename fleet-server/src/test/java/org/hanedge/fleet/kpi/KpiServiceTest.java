package org.hanedge.fleet.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.telemetry.query.TestDatabase;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KPIs over a small hand-made data set (hours H0, H1, H2 of 26 Nov 2026 UTC from 14:00). */
class KpiServiceTest {
    static final long MIN = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long H0 = Instant.parse("2026-11-26T14:00:00Z").toEpochMilli();
    static final String FROM = "2026-11-26T14:00:00Z";
    static final String TO = "2026-11-26T18:00:00Z";

    static TestDatabase db;
    static KpiService service;

    static ProfileCatalog catalog() throws Exception {
        List<DeviceProfile> profiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(FleetServerTest.projectPath("device-profiles"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                profiles.add(ProfileLoader.load(f));
            }
        }
        return ProfileCatalog.of(profiles);
    }

    static KpiService service(TestDatabase db, ProfileCatalog catalog, Clock clock) {
        return new KpiService(new TrafficKpi(db.jdbc), new WaterKpi(db.jdbc, catalog), new DrainageKpi(db.jdbc),
                new WasteKpi(db.jdbc), new FishingKpi(db.jdbc), clock);
    }

    @BeforeAll
    static void data() throws Exception {
        db = new TestDatabase();
        trafficData();
        waterData();
        drainageData();
        wasteData();
        fishingData();
        service = service(db, catalog(), Clock.fixed(Instant.parse("2026-11-26T18:00:00Z"), ZoneOffset.UTC));
    }

    static void trafficData() {
        db.gateway("INT-A", "intersection", "Le Duan - Tran Phu", "Hai Chau");
        db.tag("INT-A", "corridor:Le Duan");
        db.tag("INT-A", "pilot");
        long north = db.series("INT-A", "tsc", "north_vehicle_count", "NUMBER", "count");
        long east = db.series("INT-A", "tsc", "east_vehicle_count", "NUMBER", "count");
        long speed = db.series("INT-A", "tsc", "north_speed", "NUMBER", "km/h");
        db.rollup("rollup_1h", north, H0 - HOUR, 10, 900, 50, 100); // before the range
        db.rollup("rollup_1h", north, H0, 240, 31_000, 100, 160); // 60
        db.rollup("rollup_1h", east, H0, 240, 5_000, 0, 40); // 40
        db.rollup("rollup_1h", north, H0 + HOUR, 240, 45_000, 160, 220); // 60
        db.rollup("rollup_1h", east, H0 + HOUR, 5, 200, 40, 40); // 0
        db.rollup("rollup_1h", speed, H0, 240, 9_000, 10, 5_000); // not a counter
        db.gateway("INT-B", "intersection", "Le Duan - Ong Ich Khiem", "Thanh Khe");
        db.tag("INT-B", "corridor:Le Duan");
        long northB = db.series("INT-B", "tsc", "north_vehicle_count", "NUMBER", "count");
        db.rollup("rollup_1h", northB, H0, 100, 2_000, 10, 30); // 20
        db.gateway("INT-C", "intersection", "Nguyen Van Linh - Nui Thanh", "Hai Chau");
        db.tag("INT-C", "corridor:Nguyen Van Linh");
        long westC = db.series("INT-C", "tsc", "west_vehicle_count", "NUMBER", "count");
        db.rollup("rollup_1h", westC, H0 + 2 * HOUR, 100, 2_000, 0, 100); // 100
    }

    static void waterData() {
        db.gateway("LAKE-1", "lake", "Thac Gian", "Thanh Khe");
        long ph = db.series("LAKE-1", "sonde", "ph", "NUMBER", "pH");
        long dox = db.series("LAKE-1", "sonde", "dissolved_oxygen", "NUMBER", "mg/L");
        long level = db.series("LAKE-1", "sonde", "water_level", "NUMBER", "m");
        db.latest(ph, H0 + 3 * HOUR, 9.0, null, null); // > high 8.5
        db.latest(dox, H0 + 3 * HOUR, 5.0, null, null); // fine (low 4)
        db.latest(level, H0 + 3 * HOUR, 9.0, null, null); // not a water-quality channel
        db.rollup("rollup_1h", ph, H0, 2, 18.0, 8.9, 9.1); // avg 9.0: outside
        db.rollup("rollup_1h", ph, H0 + HOUR, 2, 16.0, 7.0, 9.0); // avg 8.0: inside (max over, avg not)
        db.rollup("rollup_1h", dox, H0 + HOUR, 2, 6.0, 2.0, 4.0); // avg 3.0 < low 4: outside
        db.rollup("rollup_1h", dox, H0 + 2 * HOUR, 2, 10.0, 5.0, 5.0); // fine
        db.rollup("rollup_1h", ph, H0 + 2 * HOUR, 3, 28.5, 9.5, 9.5); // outside: hour H2
        db.rollup("rollup_1h", ph, H0 + 5 * HOUR, 3, 28.5, 9.5, 9.5); // after the range
        db.gateway("LAKE-2", "lake", "Bau Tram", "Lien Chieu");
        long ph2 = db.series("LAKE-2", "sonde", "ph", "NUMBER", "pH");
        long turb2 = db.series("LAKE-2", "sonde", "turbidity", "NUMBER", "NTU");
        db.latest(ph2, H0, 7.2, null, null);
        db.latest(turb2, H0, 80.0, null, "BAD_COMM"); // a bad value is not compared
        db.rollup("rollup_1h", ph2, H0, 2, 14.4, 7.1, 7.3);
    }

    static void drainageData() {
        db.gateway("PS-01", "pump-station", "Pump station Hoa Cuong", "Hai Chau");
        long p1 = db.series("PS-01", "plc", "pump1_hours", "NUMBER", "h");
        long p2 = db.series("PS-01", "plc", "pump2_hours", "NUMBER", "h");
        db.rollup("rollup_1h", p1, H0 - HOUR, 2, 1998, 998, 1000); // before the range
        db.rollup("rollup_1h", p1, H0, 2, 2001, 1000, 1001);
        db.rollup("rollup_1h", p1, H0 + HOUR, 2, 2004, 1001, 1003);
        db.rollup("rollup_1h", p2, H0, 2, 1000, 500, 500);
        db.alarm("PS-01", "wet_well_level", "wwl:HIGH", "RAISED", H0 + 10 * MIN);
        db.alarm("PS-01", "high_level_float", "float", "CLEARED", H0 + 20 * MIN);
        db.alarm("PS-01", "pump1_fault", "p1f", "RAISED", H0 + 30 * MIN); // not a wet-well alarm
        db.alarm("PS-01", "wet_well_level", "wwl:HIGH", "CLEARED", H0 - 30 * MIN); // before the range
        db.gateway("PS-02", "pump-station", "Pump station without data", "Son Tra");
    }

    static void wasteData() {
        db.gateway("WT-01", "waste-truck", "Truck 43C-012.34", "Thanh Khe");
        long w = db.series("WT-01", "scale", "gross_weight", "NUMBER", "kg");
        long b = H0 + 130 * MIN; // 16:10 UTC = 23:10 local on 26 Nov
        db.rollup("rollup_1m", w, H0 - 30 * MIN, 2, 1500, 700, 800); // loaded before the range ...
        db.rollup("rollup_1m", w, H0 - 29 * MIN, 2, 800, 0, 800); // ... tipped before it: not counted
        db.rollup("rollup_1m", w, H0 - 20 * MIN, 1, 0, 0, 0);
        db.rollup("rollup_1m", w, b, 2, 190, 60, 130); // first bins
        db.rollup("rollup_1m", w, b + MIN, 2, 830, 130, 700);
        db.rollup("rollup_1m", w, b + 2 * MIN, 2, 1900, 700, 1200);
        db.rollup("rollup_1m", w, b + 30 * MIN, 1, 1200, 1200, 1200); // standing on the weighbridge
        db.rollup("rollup_1m", w, b + 34 * MIN, 2, 1200, 0, 1200); // tipped: 1.2 t at 16:44 UTC
        db.rollup("rollup_1m", w, b + 35 * MIN, 1, 0, 0, 0); // still empty: not a second delivery
        db.rollup("rollup_1m", w, b + 50 * MIN, 2, 350, 50, 300); // next round, 17:00 UTC = 00:00 local 27 Nov
        db.rollup("rollup_1m", w, b + 51 * MIN, 2, 1300, 300, 1000);
        db.rollup("rollup_1m", w, b + 70 * MIN, 1, 0, 0, 0); // tipped: 1.0 t at 17:20 UTC
        db.gateway("WT-02", "waste-truck", "Truck idle", "Hai Chau");
        long w2 = db.series("WT-02", "scale", "gross_weight", "NUMBER", "kg");
        db.rollup("rollup_1m", w2, H0, 1, 0, 0, 0);
    }

    static void fishingData() {
        fishingBoat("FB-1", 16.1036, 108.2371, null); // in harbour
        fishingBoat("FB-2", 16.5, 108.7, null); // at sea
        fishingBoat("FB-3", 16.1150, 108.2330, null); // the harbour mouth, 1.35 km out: at sea
        fishingBoat("FB-4", 16.1036, 108.2371, "UNCERTAIN"); // no fix: unknown
        db.gateway("FB-5", "fishing-boat", "Boat never heard", "Ngu Hanh Son"); // no position: unknown
    }

    static void fishingBoat(String id, double lat, double lon, String quality) {
        db.gateway(id, "fishing-boat", "Boat " + id, "Son Tra");
        db.latest(db.series(id, "gps", "position_lat", "NUMBER", "lat"), H0, lat, null, quality);
        db.latest(db.series(id, "gps", "position_lon", "NUMBER", "lon"), H0, lon, null, quality);
    }

    @Test
    void trafficVehiclesPerHourByCorridorAndDistrict() {
        TrafficKpi.TrafficKpis t = service.report(FROM, TO, null).traffic();
        // INT-A: (60 + 40) + (60 + 0) = 160 in 2 hours; INT-B: 20 in 1 hour; INT-C: 100 in 1 hour
        assertThat(t.intersections()).isEqualTo(3);
        assertThat(t.vehicles()).isEqualTo(280);
        assertThat(t.vehiclesPerHour()).isEqualTo(70.0);
        assertThat(t.corridors()).extracting(TrafficKpi.TrafficGroup::name, TrafficKpi.TrafficGroup::intersections,
                TrafficKpi.TrafficGroup::vehicles, TrafficKpi.TrafficGroup::vehiclesPerHour).containsExactly(
                        tuple("Le Duan", 2, 180L, 60.0),
                        tuple("Nguyen Van Linh", 1, 100L, 100.0));
        assertThat(t.districts()).extracting(TrafficKpi.TrafficGroup::name, TrafficKpi.TrafficGroup::vehicles,
                TrafficKpi.TrafficGroup::vehiclesPerHour).containsExactly(
                        tuple("Hai Chau", 260L, 86.7), tuple("Thanh Khe", 20L, 20.0));

        TrafficKpi.TrafficKpis oneHour = service.report(FROM, "2026-11-26T15:00:00Z", "Hai Chau").traffic();
        assertThat(oneHour.intersections()).isEqualTo(1);
        assertThat(oneHour.vehiclesPerHour()).isEqualTo(100.0);
    }

    @Test
    void lakesOutsideWaterQualityLimits() {
        WaterKpi.WaterKpis w = service.report(FROM, TO, null).water();
        assertThat(w.lakes()).isEqualTo(2);
        assertThat(w.lakesOutside()).isEqualTo(1);
        assertThat(w.outsideLimits()).extracting(WaterKpi.WaterExceedance::gateway, WaterKpi.WaterExceedance::channel,
                WaterKpi.WaterExceedance::value, WaterKpi.WaterExceedance::limit, WaterKpi.WaterExceedance::side)
                .containsExactly(tuple("LAKE-1", "ph", 9.0, 8.5, "HIGH"));
        // H0 (pH avg 9.0), H1 (DO avg 3.0), H2 (pH 9.5)
        assertThat(w.hoursOutside()).extracting(WaterKpi.LakeHours::gateway, WaterKpi.LakeHours::hoursOutside)
                .containsExactly(tuple("LAKE-1", 3L));
        assertThat(w.districts()).extracting(WaterKpi.WaterDistrict::district, WaterKpi.WaterDistrict::lakes,
                WaterKpi.WaterDistrict::lakesOutside, WaterKpi.WaterDistrict::hoursOutside).containsExactly(
                        tuple("Lien Chieu", 1, 0, 0L), tuple("Thanh Khe", 1, 1, 3L));
        assertThat(service.report(FROM, "2026-11-26T15:00:00Z", null).water().hoursOutside())
                .extracting(WaterKpi.LakeHours::hoursOutside).containsExactly(1L);
    }

    @Test
    void pumpRunningHoursAndWetWellAlarms() {
        DrainageKpi.DrainageKpis d = service.report(FROM, TO, null).drainage();
        assertThat(d.stations()).isEqualTo(2);
        assertThat(d.runningHours()).isEqualTo(3.0);
        assertThat(d.wetWellAlarms()).isEqualTo(2);
        assertThat(d.perStation()).extracting(DrainageKpi.PumpStation::gateway, DrainageKpi.PumpStation::runningHours,
                DrainageKpi.PumpStation::wetWellAlarms).containsExactly(tuple("PS-01", 3.0, 2L), tuple("PS-02", 0.0, 0L));
        assertThat(d.perStation().get(0).pumpHours()).containsEntry("pump1_hours", 3.0)
                .containsEntry("pump2_hours", 0.0);
        assertThat(d.districts()).extracting(DrainageKpi.DrainageDistrict::district,
                DrainageKpi.DrainageDistrict::runningHours).containsExactly(tuple("Hai Chau", 3.0),
                        tuple("Son Tra", 0.0));
    }

    @Test
    void wasteTonnageDeliveredPerTruckAndPerLocalDay() {
        WasteKpi.WasteKpis w = service.report(FROM, TO, null).waste();
        assertThat(w.trucks()).isEqualTo(2);
        assertThat(w.deliveries()).isEqualTo(2);
        assertThat(w.tonnes()).isEqualTo(2.2);
        assertThat(w.perTruck()).extracting(WasteKpi.TruckDeliveries::gateway, WasteKpi.TruckDeliveries::deliveries,
                WasteKpi.TruckDeliveries::tonnes, WasteKpi.TruckDeliveries::days,
                WasteKpi.TruckDeliveries::tonnesPerDay).containsExactly(tuple("WT-01", 2, 2.2, 2, 1.1));
        assertThat(w.perDay()).extracting(WasteKpi.DayDeliveries::date, WasteKpi.DayDeliveries::deliveries,
                WasteKpi.DayDeliveries::tonnes).containsExactly(tuple(LocalDate.of(2026, 11, 26), 1, 1.2),
                        tuple(LocalDate.of(2026, 11, 27), 1, 1.0));
        assertThat(w.districts()).extracting(WasteKpi.WasteDistrict::district, WasteKpi.WasteDistrict::trucks,
                WasteKpi.WasteDistrict::tonnes).containsExactly(tuple("Hai Chau", 1, 0.0), tuple("Thanh Khe", 1, 2.2));
    }

    @Test
    void boatsAtSeaInHarbourAndUnknown() {
        FishingKpi.FishingKpis f = service.report(FROM, TO, null).fishing();
        assertThat(f.boats()).isEqualTo(5);
        assertThat(f.inHarbour()).isEqualTo(1);
        assertThat(f.atSea()).isEqualTo(2);
        assertThat(f.unknown()).isEqualTo(2);
        assertThat(f.harbour().radiusM()).isEqualTo(1000.0);
        assertThat(f.districts()).extracting(FishingKpi.FishingDistrict::district, FishingKpi.FishingDistrict::boats,
                FishingKpi.FishingDistrict::unknown).containsExactly(tuple("Ngu Hanh Son", 1, 1),
                        tuple("Son Tra", 4, 1));
    }

    @Test
    void aDistrictLimitsEveryDomain() {
        KpiReportDto r = service.report(FROM, TO, "Son Tra");
        assertThat(r.district()).isEqualTo("Son Tra");
        assertThat(r.traffic().intersections()).isZero();
        assertThat(r.traffic().vehiclesPerHour()).isNull();
        assertThat(r.water().lakes()).isZero();
        assertThat(r.drainage().stations()).isEqualTo(1);
        assertThat(r.waste().trucks()).isZero();
        assertThat(r.fishing().boats()).isEqualTo(4);
    }

    @Test
    void defaultsToTheLast24HoursAndRefusesBadRanges() {
        KpiReportDto r = service.report(null, null, null);
        assertThat(r.to()).isEqualTo(Instant.parse("2026-11-26T18:00:00Z"));
        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-25T18:00:00Z"));
        assertThat(r.traffic().vehicles()).isEqualTo(280 + 50); // the hour before H0 (100 - 50) counts too
        assertThatThrownBy(() -> service.report(TO, FROM, null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> service.report("2025-01-01T00:00:00Z", TO, null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> service.report(null, "tomorrow", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("to"));
    }
}
