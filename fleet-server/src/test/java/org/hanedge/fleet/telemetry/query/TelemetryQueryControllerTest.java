package org.hanedge.fleet.telemetry.query;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = TelemetryQueryController.class)
@Import({ TelemetryQueryService.class, TelemetryQueryRepository.class, SliceTestSupport.Database.class })
@WithMockUser(roles = "VIEWER")
class TelemetryQueryControllerTest {
    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    @Autowired
    MockMvc mvc;
    @Autowired
    TestDatabase db;

    @BeforeEach
    void data() {
        if (db.jdbc.sql("SELECT COUNT(*) FROM gateway").query(Long.class).single() > 0) {
            return;
        }
        db.gateway("lake-1", "lake", "Thac Gian", "Thanh Khe");
        long ph = db.series("lake-1", "sonde", "ph", "NUMBER", "pH");
        long wiper = db.series("lake-1", "sonde", "wiper_fault", "BOOLEAN", null);
        db.latest(ph, T0, 7.5, null, null);
        db.latest(wiper, T0, 0.0, null, "UNCERTAIN");
        db.rollup("rollup_1m", ph, T0, 1, 7.0, 7.0, 7.0);
        db.rollup("rollup_1m", ph, T0 + 60_000, 3, 24.0, 7.9, 8.1);
        db.reading(ph, T0 + 1000, 1, 7.25, null, null);
    }

    @Test
    void latestValues() throws Exception {
        mvc.perform(get("/api/v1/gateways/lake-1/latest"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].channel").value("ph"))
                .andExpect(jsonPath("$[0].value").value(7.5))
                .andExpect(jsonPath("$[0].unit").value("pH"))
                .andExpect(jsonPath("$[0].time").value("2026-11-26T10:00:00Z"))
                .andExpect(jsonPath("$[1].value").value(false))
                .andExpect(jsonPath("$[1].quality").value("UNCERTAIN"));
    }

    @Test
    void seriesFromTheMinuteRollup() throws Exception {
        mvc.perform(get("/api/v1/gateways/lake-1/series").param("device", "sonde").param("channel", "ph")
                        .param("from", "2026-11-26T10:00:00Z").param("to", "2026-11-26T10:10:00Z").param("step", "5m"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gateway").value("lake-1"))
                .andExpect(jsonPath("$.resolution").value("1m"))
                .andExpect(jsonPath("$.step").value("PT5M"))
                .andExpect(jsonPath("$.points.length()").value(1))
                .andExpect(jsonPath("$.points[0].t").value("2026-11-26T10:00:00Z"))
                .andExpect(jsonPath("$.points[0].avg").value(7.75))
                .andExpect(jsonPath("$.points[0].min").value(7.0))
                .andExpect(jsonPath("$.points[0].max").value(8.1))
                .andExpect(jsonPath("$.points[0].count").value(4))
                .andExpect(jsonPath("$.points[0].value").doesNotExist());
    }

    @Test
    void rawSeries() throws Exception {
        mvc.perform(get("/api/v1/gateways/lake-1/series").param("channel", "ph")
                        .param("from", "2026-11-26T10:00:00Z").param("to", "2026-11-26T10:10:00Z").param("step", "PT10S"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolution").value("raw"))
                .andExpect(jsonPath("$.points[0].value").value(7.25))
                .andExpect(jsonPath("$.points[0].quality").value("GOOD"))
                .andExpect(jsonPath("$.points[0].avg").doesNotExist());
    }

    @Test
    void badParametersAre400NamingThem() throws Exception {
        mvc.perform(get("/api/v1/gateways/lake-1/series").param("channel", "ph").param("step", "1s"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("step"))
                .andExpect(jsonPath("$.detail").value(containsString("10000")));
        mvc.perform(get("/api/v1/gateways/lake-1/series").param("channel", "ph").param("from", "last week"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get("/api/v1/gateways/lake-1/series").param("channel", "ph")
                        .param("from", "2024-01-01T00:00:00Z").param("to", "2026-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"));
    }

    @Test
    void unknownGatewayOrChannelIs404() throws Exception {
        mvc.perform(get("/api/v1/gateways/nope/latest")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/gateways/lake-1/series").param("channel", "nope")).andExpect(status().isNotFound());
    }
}
