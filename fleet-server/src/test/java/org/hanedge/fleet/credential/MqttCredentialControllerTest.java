package org.hanedge.fleet.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.broker.ClientBrokerUri;
import org.hanedge.fleet.config.FleetProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureJdbc;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The admin endpoints over the real service and schema (in-memory H2). */
@WebMvcTest(MqttCredentialController.class)
@AutoConfigureJdbc
@AutoConfigureTestDatabase
@EnableConfigurationProperties(FleetProperties.class)
@Import({MqttCredentialService.class, ClientBrokerUri.class, MqttCredentialControllerTest.Errors.class})
@WithMockUser(roles = "ADMIN")
class MqttCredentialControllerTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    ObjectMapper json;

    /** Stands in for the application's error handler (written elsewhere): 404 and 400. */
    @RestControllerAdvice
    static class Errors {
        @ExceptionHandler(NotFoundException.class)
        @ResponseStatus(HttpStatus.NOT_FOUND)
        String notFound(NotFoundException e) {
            return e.getMessage();
        }

        @ExceptionHandler(BadRequestException.class)
        @ResponseStatus(HttpStatus.BAD_REQUEST)
        String badRequest(BadRequestException e) {
            return e.getMessage();
        }
    }

    @BeforeEach
    void gateway() {
        if (jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = 'CTL-GW-1'").query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES ('CTL-GW-1', 'lake', 'lake', 0)").update();
        }
    }

    @Test
    void issuesAGatewayCredentialShownOnce() throws Exception {
        String body = mvc.perform(post("/api/v1/admin/gateways/CTL-GW-1/mqtt-credential").with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value("CTL-GW-1"))
                .andExpect(jsonPath("$.brokerUri").value("tcp://localhost:1883"))
                .andReturn().getResponse().getContentAsString();
        JsonNode n = json.readTree(body);
        assertThat(credentials.authenticate("CTL-GW-1", n.get("password").asText().getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void issuesManyGatewaysAtOnceOrNone() throws Exception {
        jdbc.sql("MERGE INTO gateway (id, kind, name, created_at) KEY (id) VALUES ('CTL-GW-2', 'lake', 'lake', 0)").update();
        String body = mvc.perform(post("/api/v1/admin/mqtt-credentials/gateways").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"gatewayIds\":[\"CTL-GW-1\",\"CTL-GW-2\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$[1].username").value("CTL-GW-2"))
                .andReturn().getResponse().getContentAsString();
        JsonNode n = json.readTree(body);
        assertThat(credentials.authenticate("CTL-GW-2", n.get(1).get("password").asText().getBytes(StandardCharsets.UTF_8)))
                .isPresent();
        String before = jdbc.sql("SELECT secret_hash FROM mqtt_credential WHERE username = 'CTL-GW-1'").query(String.class).single();
        mvc.perform(post("/api/v1/admin/mqtt-credentials/gateways").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"gatewayIds\":[\"CTL-GW-1\",\"NOPE\"]}"))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT secret_hash FROM mqtt_credential WHERE username = 'CTL-GW-1'").query(String.class).single())
                .isEqualTo(before);
        mvc.perform(post("/api/v1/admin/mqtt-credentials/gateways").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"gatewayIds\":[]}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void anUnknownGatewayIsNotFound() throws Exception {
        mvc.perform(post("/api/v1/admin/gateways/NOPE/mqtt-credential").with(csrf())).andExpect(status().isNotFound());
    }

    @Test
    void issuesABackendCredential() throws Exception {
        mvc.perform(post("/api/v1/admin/mqtt-credentials/backend").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"city\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value("backend-city"))
                .andExpect(jsonPath("$.password").isString());
        mvc.perform(post("/api/v1/admin/mqtt-credentials/backend").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"no spaces\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void noMonitorCredentialOutsideDemoMode() throws Exception {
        mvc.perform(post("/api/v1/admin/mqtt-credentials/monitor").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"wiretap\"}"))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mqtt_credential WHERE role = 'MONITOR'").query(Long.class).single())
                .isZero();
    }

    @Test
    void revokes() throws Exception {
        IssuedCredential c = credentials.issueForBackend("gone");
        mvc.perform(delete("/api/v1/admin/mqtt-credentials/backend-gone").with(csrf())).andExpect(status().isNoContent());
        assertThat(credentials.authenticate("backend-gone", c.password().getBytes(StandardCharsets.UTF_8))).isEmpty();
        mvc.perform(delete("/api/v1/admin/mqtt-credentials/nobody").with(csrf())).andExpect(status().isNotFound());
    }

    @Test
    void anonymousCallersGetNothing() throws Exception {
        mvc.perform(post("/api/v1/admin/gateways/CTL-GW-1/mqtt-credential").with(csrf())
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous()))
                .andExpect(result -> assertThat(result.getResponse().getStatus()).isIn(401, 403));
    }
}
