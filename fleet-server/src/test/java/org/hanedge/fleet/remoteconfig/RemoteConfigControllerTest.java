package org.hanedge.fleet.remoteconfig;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.fleet.security.SecurityTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The controller's edge: who may call what, request validation, the 422 problem body. */
@WebMvcTest(controllers = RemoteConfigController.class)
@Import(SecurityTestSupport.class)
class RemoteConfigControllerTest {
    private static final String BODY = "{\"site\": {\"gateway\": {\"id\": \"gw-1\"}}, \"reason\": \"test\"}";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    RemoteConfigService service;
    @MockitoBean
    LayerService layers;
    @MockitoBean
    ConfigDryRun dryRun;

    private static ConfigVersionDto stored() {
        return new ConfigVersionDto("gw-1", 4, "operator", "test", Instant.parse("2026-12-07T10:00:00Z"), null,
                Map.of("gateway", Map.of("id", "gw-1")), Map.of(), List.of(), null);
    }

    @Test
    void operatorsChangeAndViewersRead() throws Exception {
        when(service.put(eq("gw-1"), any(), eq("operator"))).thenReturn(stored());
        mvc.perform(put("/api/v1/gateways/gw-1/config").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.time").value("2026-12-07T10:00:00Z"))
                .andExpect(jsonPath("$.publishedAt").doesNotExist());
        verify(service).put(eq("gw-1"), any(ConfigPutRequest.class), eq("operator"));

        mvc.perform(put("/api/v1/gateways/gw-1/config").with(httpBasic("admin", SecurityTestSupport.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(BODY)).andExpect(status().isOk());

        when(service.get("gw-1")).thenReturn(new GatewayConfigDto("gw-1", stored(), null, false));
        mvc.perform(get("/api/v1/gateways/gw-1/config").with(httpBasic("viewer", SecurityTestSupport.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.desired.version").value(4))
                .andExpect(jsonPath("$.inSync").value(false));
    }

    @Test
    void theDryRunsAreForOperators() throws Exception {
        mvc.perform(post("/api/v1/gateways/gw-1/config/check").with(httpBasic("viewer", SecurityTestSupport.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(BODY)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/config/pushes/preview").with(httpBasic("viewer", SecurityTestSupport.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"group\": \"fleet\"}"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(dryRun);
        when(dryRun.check(eq("gw-1"), any())).thenThrow(ConfigCheck.refused("gw-1", List.of(
                new org.hanedge.fleet.api.FieldProblem("devices[0].modbus.unitId", "must be 1..247, not 300"))));
        mvc.perform(post("/api/v1/gateways/gw-1/config/check").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"site\": {\"gateway\": {\"id\": \"gw-1\"}}}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("devices[0].modbus.unitId"));
        mvc.perform(post("/api/v1/gateways/gw-1/config/check").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"no site\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aViewerMayNotChangeAndNobodyAnonymously() throws Exception {
        mvc.perform(put("/api/v1/gateways/gw-1/config").with(httpBasic("viewer", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
        mvc.perform(put("/api/v1/gateways/gw-1/config").contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/gateways/gw-1/config")).andExpect(status().isUnauthorized());
        verifyNoInteractions(service);
    }

    @Test
    void aChangeNeedsASiteAndAReason() throws Exception {
        mvc.perform(put("/api/v1/gateways/gw-1/config").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \" \", \"expectedVersion\": -1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'site')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'reason')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'expectedVersion')]").exists());
        verifyNoInteractions(service);
    }

    @Test
    void aRefusalIsA422ProblemNamingTheFields() throws Exception {
        when(service.put(eq("gw-1"), any(), any())).thenThrow(new UnprocessableException("Configuration refused",
                "configuration for gw-1 refused: devices[0].modbus.unitId: must be an integer from 1 to 247",
                List.of(new FieldProblem("devices[0].modbus.unitId", "must be an integer from 1 to 247"))));
        mvc.perform(put("/api/v1/gateways/gw-1/config").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.title").value("Configuration refused"))
                .andExpect(jsonPath("$.status").value(422))
                .andExpect(jsonPath("$.instance").value("/api/v1/gateways/gw-1/config"))
                .andExpect(jsonPath("$.errors[0].field").value("devices[0].modbus.unitId"));
    }

    @Test
    void operatorsChangeLayersAndPushViewersDoNot() throws Exception {
        String layer = "{\"document\": {\"outbox\": {\"maxSize\": \"64MiB\"}}, \"reason\": \"test\"}";
        mvc.perform(put("/api/v1/config/layers/kind:lake").with(httpBasic("viewer", SecurityTestSupport.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(layer)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/config/pushes").with(httpBasic("viewer", SecurityTestSupport.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"group\": \"kind:lake\", \"reason\": \"x\"}"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(layers);

        when(layers.put(eq(new LayerGroup(LayerGroup.Scope.KIND, "lake")), any(), eq("operator"))).thenReturn(
                new LayerDto("kind:lake", 3, Map.of(), "operator", "test", Instant.parse("2026-12-07T10:00:00Z"), 12));
        mvc.perform(put("/api/v1/config/layers/kind:lake").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(layer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(3))
                .andExpect(jsonPath("$.members").value(12));
        mvc.perform(put("/api/v1/config/layers/site:7").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(layer))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("group"));

        when(layers.push(eq(LayerGroup.FLEET), eq("x"), eq("operator"))).thenReturn(new PushDto(7, "fleet",
                "operator", "x", Instant.parse("2026-12-07T10:00:00Z"), Map.of(), List.of()));
        mvc.perform(post("/api/v1/config/pushes").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"group\": \"fleet\", \"reason\": \"x\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/config/pushes/7"))
                .andExpect(jsonPath("$.id").value(7));
        mvc.perform(post("/api/v1/config/pushes").with(httpBasic("operator", SecurityTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"group\": \"fleet\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
    }

    @Test
    void theVersionListNeedsItsGateway() throws Exception {
        mvc.perform(get("/api/v1/config/versions").with(httpBasic("viewer", SecurityTestSupport.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("gateway"));
        mvc.perform(get("/api/v1/config/versions?gateway=gw-1&group=fleet")
                        .with(httpBasic("viewer", SecurityTestSupport.PASSWORD)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/config/versions?gateway=gw-1&documents=maybe")
                        .with(httpBasic("viewer", SecurityTestSupport.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("documents"));
        mvc.perform(get("/api/v1/gateways/gw-1/config/versions/x")
                        .with(httpBasic("viewer", SecurityTestSupport.PASSWORD)))
                .andExpect(status().isBadRequest());
    }
}
