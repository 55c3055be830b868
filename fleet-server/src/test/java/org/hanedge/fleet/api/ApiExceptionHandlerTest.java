package org.hanedge.fleet.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hanedge.fleet.security.Role;
import org.hanedge.fleet.security.SecurityTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@WebMvcTest(controllers = ApiExceptionHandlerTest.Probe.class)
@Import({SecurityTestSupport.class, ApiExceptionHandlerTest.Probe.class})
@WithMockUser(roles = "OPERATOR")
@ExtendWith(OutputCaptureExtension.class)
class ApiExceptionHandlerTest {

    record Body(@NotBlank(message = "must not be blank") String name,
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1") Integer count,
            Role role, Instant at) {
    }

    @RestController
    static class Probe {
        private final Validator validator;

        Probe(Validator validator) {
            this.validator = validator;
        }

        @GetMapping("/api/v1/probe/time")
        Map<String, Object> time(@RequestParam Instant from,
                @RequestParam(defaultValue = "10") @Min(value = 1, message = "must be at least 1")
                @Max(value = 500, message = "must be at most 500") int size) {
            return Map.of("from", from, "size", size);
        }

        @PostMapping("/api/v1/alarms/probe")
        Body body(@Valid @RequestBody Body body) {
            return body;
        }

        @GetMapping("/api/v1/probe/violation")
        void violation() {
            throw new ConstraintViolationException(validator.validate(new Body("", 0, null, null)));
        }

        @GetMapping("/api/v1/probe/missing")
        void missing() {
            throw new NotFoundException("gateway", "hoan-kiem-01");
        }

        @GetMapping("/api/v1/probe/bad")
        void bad() {
            throw new BadRequestException("resolution", "must be one of raw, 1m, 1h, 1d");
        }

        @GetMapping("/api/v1/probe/duplicate")
        void duplicate() {
            throw new DataIntegrityViolationException("Unique index violation: VALUES ('s3cr3t-row-value')");
        }

        @GetMapping("/api/v1/probe/boom")
        void boom() {
            throw new IllegalStateException("internal detail that must not leak");
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void typeMismatchNamesTheParameterTheValueAndTheExpectedFormat() throws Exception {
        mvc.perform(get("/api/v1/probe/time").param("from", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.detail").value(
                        "from: 'yesterday' is not a valid Instant; expected an ISO-8601 instant such as "
                                + "2026-01-31T08:00:00Z"))
                .andExpect(jsonPath("$.instance").value("/api/v1/probe/time"))
                .andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get("/api/v1/probe/time").param("from", "2026-01-31T08:00:00Z"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.from").value("2026-01-31T08:00:00Z"));
    }

    @Test
    void missingParameterIsNamed() throws Exception {
        mvc.perform(get("/api/v1/probe/time"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("from: required parameter is missing (Instant)"));
    }

    @Test
    void parameterConstraintNamesTheParameter() throws Exception {
        mvc.perform(get("/api/v1/probe/time").param("from", "2026-01-31T08:00:00Z").param("size", "9999"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("size: must be at most 500"))
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].message").value("must be at most 500"));
    }

    @Test
    void beanValidationListsEveryField() throws Exception {
        mvc.perform(post("/api/v1/alarms/probe").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\" \",\"count\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.detail").value(containsString("name: must not be blank")))
                .andExpect(jsonPath("$.detail").value(containsString("count: must be at least 1")));
    }

    @Test
    void constraintViolationExceptionIsA400WithFields() throws Exception {
        mvc.perform(get("/api/v1/probe/violation"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "name", "count")));
    }

    @Test
    void unreadableBodiesSayWhatIsWrongWithoutAStackTrace() throws Exception {
        mvc.perform(post("/api/v1/alarms/probe").contentType(MediaType.APPLICATION_JSON).content("{\"name\": }"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("request body is not valid JSON at line 1")))
                .andExpect(jsonPath("$.detail").value(not(containsString("at com.fasterxml"))));
        mvc.perform(post("/api/v1/alarms/probe").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"count\":1,\"role\":\"BOSS\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "role: 'BOSS' is not a valid Role; expected one of [VIEWER, OPERATOR, ADMIN]"))
                .andExpect(jsonPath("$.errors[0].field").value("role"));
        mvc.perform(post("/api/v1/alarms/probe").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"count\":1,\"at\":\"noon\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("at: 'noon' is not a valid Instant")));
        mvc.perform(post("/api/v1/alarms/probe").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"count\":[1]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("count: expected an integer"));
        mvc.perform(post("/api/v1/alarms/probe").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("request body is missing (JSON expected)"));
    }

    @Test
    void projectExceptionsMapToTheirStatus() throws Exception {
        mvc.perform(get("/api/v1/probe/missing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("gateway 'hoan-kiem-01' does not exist"));
        mvc.perform(get("/api/v1/probe/bad"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("resolution: must be one of raw, 1m, 1h, 1d"))
                .andExpect(jsonPath("$.errors[0].field").value("resolution"));
        mvc.perform(get("/api/v1/probe/duplicate"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(not(containsString("s3cr3t"))));
    }

    @Test
    void unexpectedErrorsAre500WithACorrelationIdAndTheTraceOnlyInTheLog(CapturedOutput output) throws Exception {
        String body = mvc.perform(get("/api/v1/probe/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(not(containsString("internal detail"))))
                .andExpect(jsonPath("$.correlationId").isString())
                .andReturn().getResponse().getContentAsString();
        String id = body.replaceAll(".*\"correlationId\":\"([0-9a-f]+)\".*", "$1");
        assertThatLogHas(output, List.of("[" + id + "]", "internal detail that must not leak",
                "at org.hanedge.fleet.api.ApiExceptionHandlerTest$Probe.boom"));
    }

    private static void assertThatLogHas(CapturedOutput output, List<String> parts) {
        org.assertj.core.api.Assertions.assertThat(output.getAll()).contains(parts);
    }
}
