package org.hanedge.fleet.kpi;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.telemetry.query.SliceTestSupport;
import org.hanedge.fleet.telemetry.query.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = KpiController.class)
@Import({ KpiService.class, TrafficKpi.class, WaterKpi.class, DrainageKpi.class, WasteKpi.class, FishingKpi.class,
        SliceTestSupport.Database.class, KpiControllerTest.Profiles.class })
@WithMockUser(roles = "VIEWER")
class KpiControllerTest {
    static final long H0 = java.time.Instant.parse("2026-11-26T14:00:00Z").toEpochMilli();

    @TestConfiguration(proxyBeanMethods = false)
    static class Profiles {
        @Bean
        ProfileCatalog profileCatalog() throws Exception {
            return KpiServiceTest.catalog();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TestDatabase db;

    @BeforeEach
    void data() {
        if (db.jdbc.sql("SELECT COUNT(*) FROM gateway").query(Long.class).single() > 0) {
            return;
        }
        db.gateway("INT-X", "intersection", "Le Duan - Tran Phu", "Hai Chau");
        db.tag("INT-X", "corridor:Le Duan");
        db.rollup("rollup_1h", db.series("INT-X", "tsc", "north_vehicle_count", "NUMBER", "count"), H0, 240,
                31_000, 100, 160);
        db.gateway("LAKE-X", "lake", "Thac Gian", "Thanh Khe");
        db.latest(db.series("LAKE-X", "sonde", "ph", "NUMBER", "pH"), H0, 9.0, null, null);
    }

    @Test
    void kpisAsJson() throws Exception {
        mvc.perform(get("/api/v1/kpis").param("from", "2026-11-26T14:00:00Z").param("to", "2026-11-26T15:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value("2026-11-26T14:00:00Z"))
                .andExpect(jsonPath("$.traffic.vehiclesPerHour").value(60.0))
                .andExpect(jsonPath("$.traffic.corridors[0].name").value("Le Duan"))
                .andExpect(jsonPath("$.water.outsideLimits[0].gateway").value("LAKE-X"))
                .andExpect(jsonPath("$.water.outsideLimits[0].limit").value(8.5))
                .andExpect(jsonPath("$.fishing.harbour.name").value("Thọ Quang harbour"))
                .andExpect(jsonPath("$.waste.trucks").value(0));
    }

    @Test
    void badRangeIs400() throws Exception {
        mvc.perform(get("/api/v1/kpis").param("from", "2026-11-26T15:00:00Z").param("to", "2026-11-26T14:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"));
    }
}
