package org.hanedge.fleet.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The URL rules of {@link SecurityConfig} against stand-in controllers, with real HTTP Basic. */
@WebMvcTest(controllers = MeController.class)
@Import({SecurityTestSupport.class, SecurityRulesTest.Probe.class})
class SecurityRulesTest {

    @RestController
    static class Probe {
        @RequestMapping({"/api/v1/gateways", "/api/v1/alarms/{id}/acknowledge", "/api/v1/admin/probe",
                "/api/v1/gateways/{id}/commands", "/api/v1/gateways/{id}/other", "/elsewhere"})
        String ok() {
            return "ok";
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void withoutCredentialsEveryApiAnswers401ProblemWithBothChallenges() throws Exception {
        mvc.perform(get("/api/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Unauthorized"))
                .andExpect(jsonPath("$.detail").value(containsString("HTTP Basic")))
                .andExpect(header().stringValues("WWW-Authenticate",
                        hasItems(containsString("Basic realm=\"hanedge-fleet\""),
                                containsString("Bearer realm=\"hanedge-fleet\""))));
        mvc.perform(get("/api/v1/gateways")).andExpect(status().isUnauthorized());
        mvc.perform(get("/elsewhere")).andExpect(status().isUnauthorized());
    }

    @Test
    void wrongPasswordIs401() throws Exception {
        mvc.perform(get("/api/v1/me").with(httpBasic("viewer", "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("authentication failed: Bad credentials"));
        mvc.perform(get("/api/v1/me").with(httpBasic("nobody", "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("authentication failed: Bad credentials"));
    }

    @Test
    void aBadBearerTokenIs401InvalidToken() throws Exception {
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer hanedge_whatever"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")))
                .andExpect(jsonPath("$.detail").value(containsString("bearer token refused")));
    }

    @Test
    void meAnswersWhoTheCallerIs() throws Exception {
        mvc.perform(get("/api/v1/me").with(basic("operator")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("operator"))
                .andExpect(jsonPath("$.role").value("OPERATOR"))
                .andExpect(jsonPath("$.kind").value("OPERATOR"));
    }

    @Test
    void viewerReadsButDoesNotActOrAdminister() throws Exception {
        expect(get("/api/v1/gateways"), "viewer", 200);
        expect(post("/api/v1/alarms/1/acknowledge"), "viewer", 403);
        expect(get("/api/v1/admin/probe"), "viewer", 403);
        expect(post("/api/v1/gateways"), "viewer", 403);
        expect(get("/elsewhere"), "viewer", 403);
        mvc.perform(post("/api/v1/alarms/1/acknowledge").with(basic("viewer")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.detail").value(
                        "POST /api/v1/alarms/1/acknowledge is not allowed for your role"));
    }

    @Test
    void operatorActsOnAlarmsAndInheritsViewer() throws Exception {
        expect(get("/api/v1/gateways"), "operator", 200);
        expect(post("/api/v1/alarms/1/acknowledge"), "operator", 200);
        expect(put("/api/v1/alarms/1/acknowledge"), "operator", 200);
        expect(patch("/api/v1/alarms/1/acknowledge"), "operator", 200);
        expect(delete("/api/v1/alarms/1/acknowledge"), "operator", 200);
        expect(get("/api/v1/admin/probe"), "operator", 403);
        expect(delete("/api/v1/gateways"), "operator", 403);
    }

    @Test
    void operatorsSendCommandsViewersReadTheCommandLog() throws Exception {
        expect(post("/api/v1/gateways/PS-01/commands"), "viewer", 403);
        expect(get("/api/v1/gateways/PS-01/commands"), "viewer", 200);
        expect(post("/api/v1/gateways/PS-01/commands"), "operator", 200);
        expect(post("/api/v1/gateways/PS-01/commands"), "admin", 200);
        // only the commands path is opened to operators' writes
        expect(post("/api/v1/gateways/PS-01/other"), "operator", 403);
        expect(put("/api/v1/gateways/PS-01/commands"), "operator", 403);
        expect(delete("/api/v1/gateways/PS-01/commands"), "admin", 403);
    }

    @Test
    void adminInheritsEverything() throws Exception {
        expect(get("/api/v1/gateways"), "admin", 200);
        expect(post("/api/v1/alarms/1/acknowledge"), "admin", 200);
        expect(get("/api/v1/admin/probe"), "admin", 200);
        expect(post("/api/v1/admin/probe"), "admin", 200);
        expect(get("/elsewhere"), "admin", 403);
    }

    @Test
    @WithMockUser(roles = "OPERATOR")
    void mockUsersWorkForOtherControllersSliceTests() throws Exception {
        mvc.perform(post("/api/v1/alarms/7/acknowledge")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/admin/probe")).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/me")).andExpect(jsonPath("$.role").value("OPERATOR"));
    }

    @Test
    void noSessionIsCreated() throws Exception {
        mvc.perform(get("/api/v1/me").with(basic("viewer")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(result -> org.assertj.core.api.Assertions.assertThat(result.getRequest().getSession(false))
                        .isNull());
    }

    private void expect(MockHttpServletRequestBuilder request, String user, int status) throws Exception {
        mvc.perform(request.with(basic(user))).andExpect(status().is(status));
    }

    private static RequestPostProcessor basic(String user) {
        return httpBasic(user, SecurityTestSupport.PASSWORD);
    }
}
