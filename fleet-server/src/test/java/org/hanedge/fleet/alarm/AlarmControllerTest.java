package org.hanedge.fleet.alarm;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import org.hanedge.fleet.telemetry.query.SliceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = AlarmController.class)
@Import({ AlarmService.class, AlarmRecorder.class, AlarmRepository.class, SliceTestSupport.Database.class })
class AlarmControllerTest {
    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    @Autowired
    MockMvc mvc;
    @Autowired
    AlarmRecorder recorder;

    @Test
    @WithMockUser(username = "ops", roles = "OPERATOR")
    void listGetAndAcknowledge() throws Exception {
        long first = recorder.raise("ctl-gw", "plc", "wet_well_level", "ctl:a", "WARNING", "high", 3.6, 3.5, T0, 1L)
                .id();
        recorder.raise("ctl-gw", "plc", "wet_well_level", "ctl:b", "CRITICAL", "high high", 4.3, 4.2, T0 + 1000, 2L);

        mvc.perform(get("/api/v1/alarms").param("gateway", "ctl-gw").param("size", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.size").value(1))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].key").value("ctl:b"))
                .andExpect(jsonPath("$.items[0].state").value("RAISED"))
                .andExpect(jsonPath("$.items[0].acknowledged").value(false));

        mvc.perform(post("/api/v1/alarms/" + first + "/acknowledge").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\":\"crew sent\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(first))
                .andExpect(jsonPath("$.acknowledged").value(true))
                .andExpect(jsonPath("$.acknowledgedBy").value("ops"))
                .andExpect(jsonPath("$.comment").value("crew sent"));

        mvc.perform(get("/api/v1/alarms/" + first))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.acknowledgedBy").value("ops"))
                .andExpect(jsonPath("$.value").value(3.6))
                .andExpect(jsonPath("$.raisedAt").value("2026-11-26T10:00:00Z"));
        mvc.perform(get("/api/v1/alarms").param("gateway", "ctl-gw").param("acknowledged", "false"))
                .andExpect(jsonPath("$.total").value(1));

        recorder.clear("ctl-gw", "ctl:a", T0 + 60_000, 3L);
        mvc.perform(get("/api/v1/alarms/" + first + "/history"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].event").value("RAISED"))
                .andExpect(jsonPath("$[0].at").value("2026-11-26T10:00:00Z"))
                .andExpect(jsonPath("$[0].actor").value("GATEWAY"))
                .andExpect(jsonPath("$[1].event").value("ACKNOWLEDGED"))
                .andExpect(jsonPath("$[1].actor").value("ops"))
                .andExpect(jsonPath("$[1].comment").value("crew sent"))
                .andExpect(jsonPath("$[2].event").value("CLEARED"))
                .andExpect(jsonPath("$[2].at").value("2026-11-26T10:01:00Z"));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void badRequestsAndUnknownAlarms() throws Exception {
        mvc.perform(get("/api/v1/alarms/999999")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/alarms/999999/history")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/alarms/abc/history"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("id"));
        mvc.perform(get("/api/v1/alarms/abc"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("id"));
        mvc.perform(get("/api/v1/alarms").param("size", "501"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("size"));
        mvc.perform(get("/api/v1/alarms").param("state", "OPEN"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("state"));
    }
}
